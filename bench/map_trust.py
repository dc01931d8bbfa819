"""make bench-map-trust: how true the 1M map can be within its budget. Above LAYOUT_SAMPLE
papers the map lays out a random sample with t-SNE and places the rest among their
nearest sampled neighbours (search/map/projection.py); this tries the ways issue 37 names
to make that truer, on the vectors of the database `make bench-scale --keep` left:

- more neighbours for each placed paper, and a few steps of openTSNE's optimisation of
  the placed points against the fixed sample (`--variants neighbours:steps ...`);
- the sample's size (`--samples`, LAYOUT_SAMPLE unless told), t-SNE fitted again for
  each.

For each: seconds to lay out and place, and trustworthiness (k=10, on the 10k sample the
map's own figure uses). Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from corpus import bench_database

from search.map.projection import LAYOUT_SAMPLE

TARGET_TRUST = 0.90
BUDGET_S = 30 * 60


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="paperscope_bench_scale")
    parser.add_argument("--samples", type=int, nargs="+", default=[LAYOUT_SAMPLE])
    parser.add_argument("--variants", nargs="+", default=["10:0", "30:0", "10:25"],
                        help="neighbours:steps for each placing tried (10:0 is the map's)")
    args = parser.parse_args()
    variants = [tuple(int(n) for n in v.split(":")) for v in args.variants]
    with bench_database(args.database, reuse=True, keep=True):
        import django

        django.setup()
        import numpy as np

        from search.map import projection
        from search.semantic import all_paper_vectors

        _, vectors = all_paper_vectors()
        results = []
        for sample in args.samples:
            chosen, rest = projection.split_sample(len(vectors), sample, seed=7)
            started = time.perf_counter()
            embedding = projection._tsne(vectors[chosen], threads=-1, seed=7)
            fitted_s = time.perf_counter() - started
            xy = np.empty((len(vectors), 2), dtype=np.float32)
            xy[chosen] = np.asarray(embedding)
            for neighbours, steps in variants:
                started = time.perf_counter()
                xy[rest] = projection.place_rest(embedding, vectors[rest], neighbours, steps)
                placed_s = time.perf_counter() - started
                trust = projection.trustworthiness(vectors, xy)
                results.append({"papers": len(vectors), "sample": sample,
                                "neighbours": neighbours, "steps": steps,
                                "tsne_s": round(fitted_s, 1), "place_s": round(placed_s, 1),
                                "total_s": round(fitted_s + placed_s, 1),
                                "trustworthiness": round(trust, 4)})  # fmt: skip
                met = trust >= TARGET_TRUST and fitted_s + placed_s <= BUDGET_S
                print(f"sample {sample:>7,}  neighbours {neighbours:>3}  steps {steps:>3}  "
                      f"t-SNE {fitted_s:>6.1f} s + placing {placed_s:>6.1f} s  "
                      f"trustworthiness {trust:.4f}  {'met' if met else 'misses'}",
                      flush=True)  # fmt: skip
    print(json.dumps({"benchmark": "map-trust", "target": TARGET_TRUST, "budget_s": BUDGET_S,
                      "results": results}))  # fmt: skip


if __name__ == "__main__":
    main()
