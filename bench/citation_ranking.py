"""Does the citation graph help find related papers? Measured on a similar-papers set built
from the graph itself: for each paper with at least MIN_REFERENCES references held here,
HOLD_OUT of them are hidden, and a method is asked for the paper's related papers with
the rest of the graph as it is; the hidden references are the relevant ones (nDCG@20,
Recall@100). The paper's known references are left out of every ranking: the task is to
find the missing ones.

- vectors: the paper's nearest papers by meaning (what "Similar papers" shows today);
- graph: co-citation through its known references: papers cited beside them by others
  (the path paper → reference ← another citing paper → candidate), counted;
- fused: both, by reciprocal rank fusion.

It needs a harvested graph (`manage.py harvest --citations`) in the database it reads:
`--database NAME` on the embedded server (e.g. the one `bench/citations.py --keep`
leaves, whose graph is synthetic: random references, so no method should find much),
or DATABASE_URL. With too few eligible papers it says so and exits 2.

    .venv/bin/python bench/citation_ranking.py --database paperscope_bench_citations
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys

from corpus import REPO_DIR, bench_database

MIN_REFERENCES, HOLD_OUT, QUERIES, DEPTH = 8, 0.3, 500, 100
_COCITED_SQL = """
    SELECT later.cited_id, count(*) AS paths
    FROM papers_citation mine
    JOIN papers_citation beside ON beside.cited_id = mine.cited_id AND beside.citing_id <> %s
    JOIN papers_citation later ON later.citing_id = beside.citing_id
    WHERE mine.citing_id = %s AND mine.cited_id = ANY(%s)
      AND later.cited_id IS NOT NULL AND later.cited_id <> %s AND NOT later.cited_id = ANY(%s)
    GROUP BY later.cited_id ORDER BY paths DESC, later.cited_id LIMIT %s
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", help="a database on the embedded server")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO_DIR))
    if args.database:
        with bench_database(args.database, reuse=True, keep=True):
            measure()
    elif os.environ.get("DATABASE_URL"):
        measure()
    else:
        sys.exit("give --database NAME or DATABASE_URL: a database with a harvested graph")


def measure() -> None:
    import django

    django.setup()
    from django.db import connection

    from papers.models import Citation, Paper
    from search.metrics import ndcg_at, recall_at
    from search.pipeline import paper_similar
    from search.ranking import reciprocal_rank_fusion

    references: dict[int, list[int]] = {}
    for citing, cited in Citation.objects.filter(cited__isnull=False).values_list(
        "citing_id", "cited_id"
    ).iterator(chunk_size=100_000):  # fmt: skip
        references.setdefault(citing, []).append(cited)
    eligible = sorted(p for p, refs in references.items() if len(refs) >= MIN_REFERENCES)
    if len(eligible) < 50:
        print(json.dumps({"benchmark": "citation_ranking", "eligible": len(eligible),
                          "error": f"fewer than 50 papers with {MIN_REFERENCES}+ references "
                                   "held here: harvest the graph first"}))  # fmt: skip
        sys.exit(2)
    rng = random.Random(25)
    queries = rng.sample(eligible, min(QUERIES, len(eligible)))
    scores: dict[str, dict[str, list[float]]] = {}
    for paper_id in queries:
        refs = sorted(references[paper_id])
        hidden = set(rng.sample(refs, max(1, round(len(refs) * HOLD_OUT))))
        known = [r for r in refs if r not in hidden]
        relevant = dict.fromkeys(hidden, 1)
        leave_out = {paper_id, *known}
        paper = Paper.objects.get(id=paper_id)
        vectors = [h.paper.id for h in paper_similar(paper, k=DEPTH + len(leave_out))
                   if h.paper.id not in leave_out][:DEPTH]  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute(_COCITED_SQL, [paper_id, paper_id, known, paper_id, known, DEPTH])
            graph = [row[0] for row in cursor.fetchall()]
        fused = [pid for pid, _ in reciprocal_rank_fusion(vectors, graph)][:DEPTH]
        for name, ranked in (("vectors", vectors), ("graph", graph), ("fused", fused)):
            method = scores.setdefault(name, {"ndcg@20": [], "recall@100": []})
            method["ndcg@20"].append(ndcg_at(20, ranked, relevant))
            method["recall@100"].append(recall_at(100, ranked, relevant))
    print(json.dumps({
        "benchmark": "citation_ranking", "eligible": len(eligible), "queries": len(queries),
        **{name: {metric: round(statistics.fmean(values), 4) for metric, values in m.items()}
           for name, m in scores.items()},
    }))  # fmt: skip


if __name__ == "__main__":
    main()
