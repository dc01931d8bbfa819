"""Build a query-by-example dev set from the shared corpus: var/eval/qbe-dev/ (BEIR layout).

The held-back set behind issue 11 asks "papers related to this one", with a paper's title
and abstract as the query and expert-graded relevant papers. We have no expert grades, so
this set stands in with a proxy anyone can check: papers written by the same people on
the same subject. A corpus paper is relevant to a query paper when they share at least
two authors and a category; grade 2 when they also share the primary category and were
published within two years of each other, else grade 1. Authors on more than
MAX_AUTHOR_PAPERS papers are ignored (common short names join unrelated people).

Know its bias: co-authors reuse their own phrasing, which favours keyword matching a
little, and a group's papers on one method can span topics. Tune on it, then check that
neither single mode is sacrificed.

The corpus is all 106,764 papers with their titles (the query paper stays in it and is
excluded from its own results through the query's metadata). `manage.py evaluate` finds
the shared precomputed vectors by text, so it embeds nothing.

    python bench/qbe_dev.py && .venv/bin/python manage.py evaluate var/eval/qbe-dev
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from collections import Counter, defaultdict

from corpus import REPO_DIR, shared_papers, write_corpus

QUERIES = 400
MAX_AUTHOR_PAPERS = 100
MIN_RELEVANT, MAX_RELEVANT = 3, 40
SEED = 11
OUT = REPO_DIR / "var" / "eval" / "qbe-dev"


def relevant_papers(docs: list[dict], i: int, by_author: dict[str, list[int]]) -> dict[int, int]:
    query = docs[i]
    shared_authors: Counter[int] = Counter()
    for author in set(query["authors"]):
        if len(by_author[author]) <= MAX_AUTHOR_PAPERS:
            shared_authors.update(j for j in by_author[author] if j != i)
    day = dt.date.fromisoformat(query["published"])
    grades = {}
    for j, count in shared_authors.items():
        other = docs[j]
        if count < 2 or not set(query["categories"]) & set(other["categories"]):
            continue
        close = abs((dt.date.fromisoformat(other["published"]) - day).days) <= 730
        same_primary = query["categories"][0] == other["categories"][0]
        grades[j] = 2 if close and same_primary else 1
    return grades


def main() -> None:
    docs = shared_papers()
    by_author: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(docs):
        for author in set(doc["authors"]):
            by_author[author].append(i)

    rng = random.Random(SEED)
    queries, qrels = [], []
    for i in rng.sample(range(len(docs)), len(docs)):
        grades = relevant_papers(docs, i, by_author)
        if not MIN_RELEVANT <= len(grades) <= MAX_RELEVANT or 2 not in grades.values():
            continue
        query_id = f"q{len(queries)}"
        text = f"{docs[i]['title']}. {docs[i]['abstract']}"
        queries.append({"_id": query_id, "text": " ".join(text.split()),
                        "metadata": {"paper_id": docs[i]["id"]}})  # fmt: skip
        qrels += [(query_id, docs[j]["id"], grade) for j, grade in sorted(grades.items())]
        if len(queries) == QUERIES:
            break

    (OUT / "qrels").mkdir(parents=True, exist_ok=True)
    write_corpus(OUT / "corpus.jsonl", docs)
    with open(OUT / "queries.jsonl", "w") as out:
        out.writelines(json.dumps(q) + "\n" for q in queries)
    with open(OUT / "qrels" / "test.tsv", "w") as out:
        out.write("query-id\tcorpus-id\tscore\n")
        out.writelines(f"{q}\t{d}\t{g}\n" for q, d, g in qrels)

    per_query = len(qrels) / len(queries)
    print(f"{OUT}: {len(docs)} documents, {len(queries)} queries, {per_query:.1f} relevant each")


if __name__ == "__main__":
    sys.exit(main())
