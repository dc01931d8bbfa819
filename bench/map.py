"""make bench-map: the map of the field at 106k papers, and the layout libraries compared.

1. Layouts of the 106,764 bundled vectors (no database): openTSNE (kept) and UMAP, each
   timed, with sklearn's trustworthiness at k=10 on a 10k sample. `--scaling N ...` lays
   out perturbed copies at those sizes with openTSNE too, for the growth towards 1M
   (`--layouts-only --skip-umap --scaling 300000` runs just that).
2. The product's path on a database of its own (the shared papers and their vectors):
   `update_map()` timed (layout, regions and their names, storing); then 2,000 papers
   taken off the map and placed again among their neighbours, timed, with how far each
   lands from where the full layout had put it; the points payload, raw and gzipped.
3. Chromium against a dev server on that database: time to interactive of /map/ (from
   navigation start to the first drawn frame with hover ready), bytes over the wire, and
   zoom steps (median of 10). `--screenshot PATH` saves the canvas.

Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import REPO_DIR, SHARED_DATA, bench_database, load_corpus

DATABASE = "paperscope_bench_map"
PLACED = 2_000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--scaling",
        type=int,
        nargs="*",
        default=[],
        help="also lay out perturbed copies at these sizes (openTSNE)",
    )
    parser.add_argument("--skip-umap", action="store_true")
    parser.add_argument("--screenshot", type=Path)
    parser.add_argument("--layouts-only", action="store_true", help="part 1 alone: no database")
    parser.add_argument(
        "--scaling-only",
        action="store_true",
        help="part 1 at the --scaling sizes alone (implies --layouts-only)",
    )
    parser.add_argument(
        "--product-only",
        action="store_true",
        help="part 2 alone: the map built, served and drawn from the bench database",
    )
    args = parser.parse_args()
    if args.scaling_only:
        report({"layouts": scaling_figures(shared_vectors(), args.scaling)})
        return
    figures: dict = {}
    if not args.product_only:
        figures["layouts"] = layout_figures(args.skip_umap, args.scaling)
    if args.layouts_only:
        report(figures)
        return
    with bench_database(DATABASE):
        load_corpus()
        figures["product"] = product_figures()
        figures["browser"] = browser_figures(args.screenshot)
    report(figures)


def shared_vectors():
    import numpy as np

    vectors = np.load(SHARED_DATA / "arxiv-ml-106k.minilm-f16.npy").astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def layout_figures(skip_umap: bool, scaling: list[int]) -> dict:

    from search.map.projection import project, trustworthiness

    vectors = shared_vectors()
    figures = {}
    started = time.perf_counter()
    xy = project(vectors)
    figures["openTSNE"] = {
        "papers": len(vectors),
        "seconds": round(time.perf_counter() - started, 1),
        "trustworthiness": round(trustworthiness(vectors, xy), 4),
    }
    if not skip_umap:
        import umap

        started = time.perf_counter()
        xy = umap.UMAP(n_neighbors=15, min_dist=0.05, metric="cosine").fit_transform(vectors)
        figures["umap-learn"] = {
            "papers": len(vectors),
            "seconds": round(time.perf_counter() - started, 1),
            "trustworthiness": round(trustworthiness(vectors, xy), 4),
        }
    return figures | scaling_figures(vectors, scaling)


def scaling_figures(vectors, scaling: list[int]) -> dict:
    """openTSNE over perturbed copies of the shared vectors at each of these sizes."""
    import numpy as np

    from search.map.projection import project

    figures = {}
    rng = np.random.default_rng(3)
    for size in scaling:
        picked = vectors[rng.integers(0, len(vectors), size)]
        noisy = picked + rng.normal(0, 0.05, picked.shape).astype(np.float32)
        noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
        started = time.perf_counter()
        project(noisy)
        figures[f"openTSNE@{size}"] = {
            "papers": size,
            "seconds": round(time.perf_counter() - started, 1),
        }
    return figures


def product_figures() -> dict:
    import numpy as np

    from search.map import selectors
    from search.map.models import MapPoint
    from search.map.selectors import current_layout
    from search.map.services import place_papers, update_map

    started = time.perf_counter()
    done = update_map()
    figures = {"update_map_s": round(time.perf_counter() - started, 1), "papers": done.papers}
    layout = current_layout()
    figures["trustworthiness"] = round(layout.trustworthiness, 4)
    figures["regions"] = {
        "coarse": layout.regions.filter(level=1).count(),
        "fine": layout.regions.filter(level=2).count(),
    }
    figures["coarse_labels"] = [r.label for r in layout.regions.filter(level=1).order_by("-papers")]

    rng = np.random.default_rng(5)
    ids = list(MapPoint.objects.filter(layout=layout).values_list("paper_id", flat=True))
    chosen = [int(i) for i in rng.choice(ids, PLACED, replace=False)]
    before = {
        p: (x, y)
        for p, x, y in MapPoint.objects.filter(paper_id__in=chosen).values_list(
            "paper_id", "x", "y"
        )
    }
    MapPoint.objects.filter(paper_id__in=chosen).delete()
    started = time.perf_counter()
    placed = place_papers(layout, chosen)
    seconds = time.perf_counter() - started
    after = {
        p: (x, y)
        for p, x, y in MapPoint.objects.filter(paper_id__in=chosen).values_list(
            "paper_id", "x", "y"
        )
    }
    x0, y0, x1, y1 = layout.bounds
    diagonal = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    moved = [
        ((after[p][0] - before[p][0]) ** 2 + (after[p][1] - before[p][1]) ** 2) ** 0.5 / diagonal
        for p in after
    ]
    figures["placement"] = {
        "papers": placed,
        "per_s": round(placed / seconds, 1),
        "median_offset_share_of_diagonal": round(statistics.median(moved), 4),
    }

    figures["million"] = million_first_view(layout)
    started = time.perf_counter()
    points = selectors.points_payload(layout)
    figures["payload"] = {
        "points": layout.points.count(),
        "raw_bytes": len(points.raw),
        "gzip_bytes": len(points.gzipped),
        "build_s": round(time.perf_counter() - started, 2),
    }
    return figures


def million_first_view(layout, papers: int = 1_000_000) -> dict:
    """The first view's size at 1M papers, from the 106k layout: each point copied with a
    little noise (as bench/corpus.py makes its 1M corpus), sampled as selectors.points_payload
    samples above MAP_OVERVIEW_POINTS, then encoded; and the largest tile at the zoom the
    map would pick. Payload encoding only: no 1M layout is built."""
    import math

    import numpy as np
    from django.conf import settings

    from search.map import payload
    from search.map.models import MapPoint

    rows = np.array(
        list(MapPoint.objects.filter(layout=layout).values_list("x", "y", "region__number"))
    )
    rng = np.random.default_rng(9)
    source = rng.integers(0, len(rows), papers)
    x0, y0, x1, y1 = layout.bounds
    xy = rows[source, :2] + rng.normal(0, 0.005 * (x1 - x0), (papers, 2))
    stride = math.ceil(papers / settings.MAP_OVERVIEW_POINTS)
    first = np.arange(0, papers, stride)
    raw = payload.encode(
        ids=first,
        xy=xy[first],
        bounds=layout.bounds,
        months=rng.integers(300, 680, len(first)),
        regions=rows[source[first], 2],
        categories=rng.integers(0, 40, len(first)),
    )
    zoom = max(1, math.ceil(math.log(papers / (settings.MAP_OVERVIEW_POINTS / 4), 4)))
    side = 2**zoom
    cells = np.clip((xy[:, 0] - x0) / (x1 - x0) * side, 0, side - 1).astype(int) * side + np.clip(
        (xy[:, 1] - y0) / (y1 - y0) * side, 0, side - 1
    ).astype(int)
    largest = int(np.bincount(cells).max())
    return {
        "papers": papers,
        "first_view_points": len(first),
        "first_view_raw_bytes": len(raw),
        "first_view_gzip_bytes": len(gzip.compress(raw, 9)),
        "tile_zoom": zoom,
        "largest_tile_points": largest,
        "largest_tile_raw_bytes": 16 + 13 * largest,
    }


def browser_figures(screenshot: Path | None) -> dict:
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=REPO_DIR,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/map/"
    try:
        wait_for_server(port)
        import urllib.request

        for path in ("/api/v1/map/", "/api/v1/map/points"):  # the server's caches, warm
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}").read()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            loads = []
            for _ in range(3):
                page.goto(url)
                page.wait_for_function(
                    "window.paperscopeMap && paperscopeMap.ready", timeout=60_000
                )
                loads.append(
                    page.evaluate(
                        """() => ({ms: paperscopeMap.interactiveMs, points: paperscopeMap.points,
                        bytes: performance.getEntriesByType('resource').concat(
                            performance.getEntriesByType('navigation'))
                            .reduce((n, e) => n + (e.encodedBodySize || 0), 0)})"""
                    )
                )
            box = page.locator("#map-canvas").bounding_box()
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            zooms = []
            for step in range(10):
                page.mouse.wheel(0, -200 if step < 5 else 200)
                page.wait_for_timeout(150)
                zooms.append(page.evaluate("paperscopeMap.lastZoomMs"))
            if screenshot:
                page.get_by_role("button", name="Whole map").click()
                page.locator("#map-canvas").screenshot(path=str(screenshot))
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
    return {
        "time_to_interactive_ms": round(statistics.median(load["ms"] for load in loads)),
        "bytes_over_the_wire": loads[-1]["bytes"],
        "points": loads[-1]["points"],
        "zoom_step_ms_median": round(statistics.median(zooms), 1),
        "zoom_step_ms_max": round(max(zooms), 1),
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_server(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise RuntimeError("the dev server did not start")


def report(f: dict) -> None:
    if f.get("layouts"):
        print("Layout of the bundled vectors (this machine):")
    for name, row in f.get("layouts", {}).items():
        trust = (
            f", trustworthiness {row['trustworthiness']:.4f}" if "trustworthiness" in row else ""
        )
        print(f"  {name:<18}{row['papers']:>9,} papers {row['seconds']:>8.1f} s{trust}")
    if "product" not in f:
        print(json.dumps({"benchmark": "map", **f}))
        return
    p, b = f["product"], f["browser"]
    rows = [
        ("update_map(): layout, regions, names, storing", f"{p['update_map_s']:.1f} s"),
        ("regions coarse / fine", f"{p['regions']['coarse']} / {p['regions']['fine']}"),
        ("placing new papers", f"{p['placement']['per_s']:,.1f} papers/s"),
        (
            "placement vs full layout, median offset",
            f"{p['placement']['median_offset_share_of_diagonal']:.1%} of the diagonal",
        ),
        (
            "points payload raw / gzip",
            f"{p['payload']['raw_bytes'] / 1e6:.2f} / {p['payload']['gzip_bytes'] / 1e6:.2f} MB",
        ),
        ("first view over the wire  target <= 2 MB", f"{b['bytes_over_the_wire'] / 1e6:.2f} MB"),
        ("time to interactive  target <= 1000 ms", f"{b['time_to_interactive_ms']} ms"),
        (
            "zoom step, median / max  target < 100 ms",
            f"{b['zoom_step_ms_median']} / {b['zoom_step_ms_max']} ms",
        ),
    ]
    for label, value in rows:
        print(f"{label:<48}{value:>26}")
    m = p["million"]
    print(
        f"at 1M papers (encoded from the 106k layout): first view {m['first_view_points']:,} "
        f"points, {m['first_view_gzip_bytes'] / 1e6:.2f} MB gzipped (target <= 3 MB); "
        f"largest tile at zoom {m['tile_zoom']}: {m['largest_tile_points']:,} points"
    )
    print("coarse regions:", "; ".join(p["coarse_labels"]))
    print(json.dumps({"benchmark": "map", **f}))


if __name__ == "__main__":
    main()
