"""The bar for the keyword side of prose queries: plain BM25 (bm25s) over every term of
the query, on the same corpus and queries as `manage.py evaluate DIR`.

bm25s tokenises title and abstract as one text (lower case, English stop words removed),
scores every query token, repeats included, and is run twice: without a stemmer (plain
BM25) and with the Snowball English stemmer (as our index analyses). The query's own
paper (metadata.paper_id) is left out of its results, as evaluate leaves it out.

    python bench/prose_bm25.py var/eval/qbe-dev var/eval/qbe-mentions
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bm25s
import numpy as np
import Stemmer

from search.metrics import mrr_at, ndcg_at, recall_at

DEPTH = 100


def load_set(directory: Path) -> tuple[list[dict], dict[str, dict[str, int]], list[dict]]:
    """(corpus documents, qrels, the queries that have qrels) of a BEIR-layout set."""
    with open(directory / "corpus.jsonl") as lines:
        docs = [json.loads(line) for line in lines]
    qrels: dict[str, dict[str, int]] = {}
    with open(directory / "qrels" / "test.tsv") as lines:
        next(lines)
        for line in lines:
            query, doc, grade = line.rstrip("\n").split("\t")
            qrels.setdefault(query, {})[doc] = int(grade)
    with open(directory / "queries.jsonl") as lines:
        queries = [q for q in map(json.loads, lines) if q["_id"] in qrels]
    return docs, qrels, queries


def bm25_search(docs: list[dict], stemmer: Stemmer.Stemmer | None):
    """search(query text, own paper id) -> [(document id, score)], the best DEPTH, over
    the documents' title and abstract."""
    ids = [doc["_id"] for doc in docs]

    def tokens(texts: list[str]):
        return bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False)

    retriever = bm25s.BM25()
    retriever.index(tokens([f"{d.get('title', '')} {d.get('text', '')}" for d in docs]),
                    show_progress=False)  # fmt: skip

    def search(text: str, own: str | None) -> list[tuple[str, float]]:
        found, scores = retriever.retrieve(tokens([text]), k=DEPTH + 1, show_progress=False)
        return [(ids[i], float(score)) for i, score in zip(found[0], scores[0], strict=True)
                if ids[i] != own][:DEPTH]  # fmt: skip

    return search


def evaluate(directory: Path, stemmer: Stemmer.Stemmer | None) -> dict:
    docs, qrels, queries = load_set(directory)
    search = bm25_search(docs, stemmer)
    figures: dict[str, list[float]] = {"ndcg@10": [], "mrr@10": [], "recall@100": []}
    for query in queries:
        own = (query.get("metadata") or {}).get("paper_id")
        ranked = [doc for doc, _ in search(query["text"], own)]
        relevant = qrels[query["_id"]]
        figures["ndcg@10"].append(ndcg_at(10, ranked, relevant))
        figures["mrr@10"].append(mrr_at(10, ranked, relevant))
        figures["recall@100"].append(recall_at(100, ranked, relevant))
    return {name: round(float(np.mean(values)), 4) for name, values in figures.items()}


def main() -> None:
    for directory in map(Path, sys.argv[1:]):
        for label, stemmer in (("bm25s", None), ("bm25s, stemmed", Stemmer.Stemmer("english"))):
            f = evaluate(directory, stemmer)
            print(f"{directory.name:<14}{label:<16}{f['ndcg@10']:>9.4f}{f['mrr@10']:>9.4f}"
                  f"{f['recall@100']:>9.4f}")  # fmt: skip
            print(json.dumps({"benchmark": "prose_bm25", "set": directory.name,
                              "variant": label, **f}))  # fmt: skip


if __name__ == "__main__":
    main()
