"""Helpers shared by tests of every app."""

import datetime as dt
import gzip
import json
from itertools import islice
from pathlib import Path

import numpy as np

from papers.embeddings import store_vectors
from papers.encoder import paper_text, text_hash
from papers.models import Paper
from search.fulltext.reader import keyword_reader
from search.fulltext.writer import KeywordIndexWriter
from tests.factories import PaperFactory


def index_keywords() -> None:
    """Bring this test's keyword index up to date with the papers the test has written
    (as embed_papers_now does for vectors): one writer step, in this process and this
    transaction, then readers look again."""
    with KeywordIndexWriter() as writer:
        writer.step()
    keyword_reader.reset()


def shared_papers(
    shared: Path, count: int, embedded: slice = slice(None), *, first: int = 0,
    as_published: bool = False,
) -> tuple[list[Paper], np.ndarray]:
    """The shared corpus's `count` papers from line `first` on as rows, the ones at
    `embedded` positions with their bundled vectors (the model's own), the keyword index
    brought up to date; and those `count` vectors, row i for paper i. `as_published`
    keeps the file's authors, categories and dates (else the factory's)."""
    with gzip.open(shared / "data" / "arxiv-ml-106k.jsonl.gz", "rt") as lines:
        docs = [json.loads(line) for line in islice(lines, first, first + count)]
    vectors = np.load(shared / "data" / "arxiv-ml-106k.minilm-f16.npy", mmap_mode="r")
    vectors = np.asarray(vectors[first : first + count], dtype=np.float32)
    papers = []
    for doc in docs:
        title, abstract = (" ".join(doc[f].split()) for f in ("title", "abstract"))
        published = {"authors": doc["authors"], "categories": doc["categories"],
                     "published": dt.date.fromisoformat(doc["published"])}  # fmt: skip
        papers.append(PaperFactory(arxiv_id=doc["id"], title=title, abstract=abstract,
                                   **(published if as_published else {})))  # fmt: skip
    with_vectors = papers[embedded]
    store_vectors([p.id for p in with_vectors], vectors[embedded],
                  [text_hash(paper_text(p.title, p.abstract)) for p in with_vectors])  # fmt: skip
    index_keywords()
    return papers, vectors
