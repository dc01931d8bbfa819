"""Retrieval evaluation on a BEIR-layout directory, through the same service as the API.

BEIR layout: corpus.jsonl ({_id, title, text}), queries.jsonl ({_id, text, metadata?}),
qrels/test.tsv (query-id, corpus-id, score). Metrics: nDCG@10, MRR@10, Recall@100.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from papers.models import Paper, Source
from papers.services import paper_bulk_upsert
from papers.sources.record import PaperRecord, arxiv_categories
from search.metrics import mrr_at, ndcg_at, recall_at
from search.params import MAX_RESULTS, parse_search_params
from search.pipeline import paper_search
from search.query import MAX_QUERY_CHARS


@dataclass
class BeirSet:
    corpus: Path
    queries: list[dict]
    qrels: dict[str, dict[str, int]]

    @classmethod
    def load(cls, directory: Path) -> BeirSet:
        qrels: dict[str, dict[str, int]] = defaultdict(dict)
        with open(directory / "qrels" / "test.tsv") as lines:
            next(lines)  # header
            for line in lines:
                query_id, corpus_id, score = line.rstrip("\n").split("\t")
                qrels[query_id][corpus_id] = int(score)
        with open(directory / "queries.jsonl") as lines:
            queries = [json.loads(line) for line in lines if line.strip()]
        queries = [q for q in queries if q["_id"] in qrels]
        return cls(directory / "corpus.jsonl", queries, dict(qrels))

    def documents(self) -> Iterator[PaperRecord]:
        with open(self.corpus) as lines:
            for number, line in enumerate(lines, start=1):
                doc = json.loads(line)
                # Recommendation sets carry categories and dates too.
                published = doc.get("published")
                yield PaperRecord(
                    arxiv_id=doc["_id"], title=" ".join(doc.get("title", "").split()),
                    abstract=" ".join(doc.get("text", "").split()), authors=[],
                    categories=arxiv_categories(list(doc.get("categories") or [])),
                    published=dt.date.fromisoformat(published[:10]) if published else None,
                    updated=None, abs_url="", pdf_url="",
                    source=Source.ARXIV_JSONL, upvotes=None, position=f"line {number}",
                )  # fmt: skip


def load_corpus(beir: BeirSet, batch_size: int = 5000) -> int:
    batch, total = [], 0
    for record in beir.documents():
        batch.append(record)
        if len(batch) == batch_size:
            total += paper_bulk_upsert(batch).created
            batch = []
    if batch:
        total += paper_bulk_upsert(batch).created
    return total


def evaluate_mode(beir: BeirSet, mode: str, run: dict | None = None) -> dict:
    """The mode's figures over every query. `run`, when given, receives each query's
    ranking as [(document id, score)], best first (what `evaluate --run` writes)."""
    arxiv_to_id = dict(Paper.objects.values_list("arxiv_id", "id"))
    id_to_arxiv = {v: k for k, v in arxiv_to_id.items()}
    ndcg, mrr, recall, latencies = [], [], [], []
    for query in beir.queries:
        excluded = (query.get("metadata") or {}).get("paper_id")
        exclude_ids = (arxiv_to_id[excluded],) if excluded in arxiv_to_id else ()
        text = query["text"][:MAX_QUERY_CHARS]
        params = parse_search_params({"q": text, "mode": mode, "k": MAX_RESULTS})
        started = time.perf_counter()
        result = paper_search(params.replace(exclude_ids=exclude_ids))
        latencies.append(time.perf_counter() - started)
        ranked = [id_to_arxiv[hit.paper.id] for hit in result.hits]
        if run is not None:
            run[query["_id"]] = [(doc, hit.score) for doc, hit in zip(ranked, result.hits,
                                                                       strict=True)]  # fmt: skip
        relevant = beir.qrels[query["_id"]]
        ndcg.append(ndcg_at(10, ranked, relevant))
        mrr.append(mrr_at(10, ranked, relevant))
        recall.append(recall_at(100, ranked, relevant))
    ms = np.array(latencies) * 1000
    return {
        "ndcg@10": round(float(np.mean(ndcg)), 4),
        "mrr@10": round(float(np.mean(mrr)), 4),
        "recall@100": round(float(np.mean(recall)), 4),
        "p50_ms": round(float(np.percentile(ms, 50)), 1),
        "p95_ms": round(float(np.percentile(ms, 95)), 1),
        "queries": len(beir.queries),
    }
