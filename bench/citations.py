"""make bench-citations: the citation harvest's rate into the 106,764 shared papers, against
a local server answering in the shape of Semantic Scholar's paper batch endpoint.

Each paper gets REFERENCES references on average (Semantic Scholar's mean for recent ML
papers is in the 30s-40s): about a third to earlier papers of the corpus, the rest to
works outside it (DOIs, arXiv ids not held), and one id in 20 unknown. Three runs:

1. at the documented rate (S2_REQUEST_INTERVAL=1 s, the rate with a key), PACED papers:
   what a deployment gets, papers per minute;
2. unpaced, the rest of the corpus: the harvest's own side alone (how far below the 1 s
   interval a batch's parsing and storing stay);
3. a refresh (the weekly counts) of every paper known, unpaced: edges upserted
   unchanged.

Then the reads the graph adds, over papers with references (p50/p95 ms): the paper page,
the graph payload, the references and citations lists, and the most cited listings.
Prints one JSON line; papers per minute are what docs/guide/citations.md quotes.

    make bench-citations    (or bench/citations.py --keep: leave the database behind)
"""

from __future__ import annotations

import json
import os
import random
import sys
import time

from corpus import REPO_DIR, bench_database, load_corpus

REFERENCES, IN_CORPUS, UNKNOWN = 35, 0.35, 0.05
PACED = 10_000


def answers(papers: list[tuple[int, str, object]]) -> dict[str, str]:
    """{arXiv id: its JSON entry} (null for the unknown), built before the clock runs."""
    from tests.papers.semantic_scholar_replay import arxiv_reference, doi_reference, s2_paper

    rng = random.Random(25)
    out, earlier = {}, []
    for _, arxiv_id, _published in sorted(papers, key=lambda p: (p[2] is None, p[2], p[1])):
        if rng.random() < UNKNOWN:
            out[arxiv_id] = "null"
            earlier.append(arxiv_id)
            continue
        refs = [
            arxiv_reference(rng.choice(earlier), year=2020)
            if earlier and rng.random() < IN_CORPUS
            else doi_reference(f"10.5555/{arxiv_id}.{n}", f"A work outside {n}", 2015 + n % 10)
            for n in range(rng.randint(REFERENCES // 2, REFERENCES * 3 // 2))
        ]
        entry = s2_paper(arxiv_id, refs, cited_by=rng.randint(0, 500),
                         influential=rng.randint(0, 20))  # fmt: skip
        out[arxiv_id] = json.dumps(entry)
        earlier.append(arxiv_id)
    return out


def run(server_url: str, limit: int | None = None, refresh: bool = False) -> dict:
    from papers.harvest.citations import harvest_citations

    started = time.perf_counter()
    outcome = harvest_citations(server_url, refresh=refresh, limit=limit)
    seconds = time.perf_counter() - started
    s = outcome.stored
    return {"papers": outcome.asked, "requests": outcome.requests, "seconds": round(seconds, 1),
            "papers_per_min": round(outcome.asked / seconds * 60),
            "ms_per_batch": round(seconds * 1000 / max(outcome.batches, 1)),
            "known": s.known, "unknown": s.unknown, "references": s.edges,
            "to_papers_held": s.in_corpus}  # fmt: skip


def read_times(samples: int = 100) -> dict:
    """p50/p95 (ms) of the reads the graph adds, over papers with references, with
    Django's full request handling: the paper page, the graph payload, both lists, and
    the most cited listings."""
    from django.db.models import Count
    from django.test import Client

    from papers.models import Paper

    client = Client()
    rng = random.Random(7)
    cited = list(Paper.objects.annotate(n=Count("citations")).filter(n__gt=0)
                 .values_list("arxiv_id", flat=True)[:5000])  # fmt: skip
    picked = rng.sample(cited, min(samples, len(cited)))
    urls = {
        "paper_page": "/papers/{}/", "graph_api": "/api/v1/papers/{}/graph/",
        "references_api": "/api/v1/papers/{}/references/",
        "citations_api": "/api/v1/papers/{}/citations/",
    }  # fmt: skip
    out = {}
    for name, pattern in urls.items():
        times = []
        for arxiv_id in picked:
            started = time.perf_counter()
            response = client.get(pattern.format(arxiv_id), HTTP_HOST="127.0.0.1")
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (name, arxiv_id, response.status_code)
        out[name] = _percentiles(times)
    listings = {
        "most_cited_api": "/api/v1/search/?sort=citations",
        "search_sorted_api": "/api/v1/search/?q=graph+neural+networks&sort=citations",
        "daily_month_by_citations": "/daily/?period=month&sort=citations",
    }
    for name, url in listings.items():
        client.get(url, HTTP_HOST="127.0.0.1")  # warm: the query encoder, the keyword index
        times = []
        for _ in range(20):
            started = time.perf_counter()
            response = client.get(url, HTTP_HOST="127.0.0.1")
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (name, response.status_code)
        out[name] = _percentiles(times)
    return out


def _percentiles(times: list[float]) -> dict:
    times = sorted(times)
    return {"p50": round(times[len(times) // 2], 1), "p95": round(times[int(len(times) * 0.95)], 1)}


def main() -> None:
    sys.path.insert(0, str(REPO_DIR))
    # Measure the work, not the API's rate limit.
    os.environ["API_THROTTLE_ANON"] = os.environ["API_THROTTLE_USER"] = "1000000/minute"
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,testserver")
    keep = "--keep" in sys.argv  # for bench/citation_ranking.py --database …
    with bench_database("paperscope_bench_citations", keep=keep):
        import django

        django.setup()
        from django.conf import settings
        from django.db import connection

        from papers.models import Paper
        from tests.papers.replay_server import Reply, replay_server

        load_corpus()  # papers and their vectors: the graph payload asks for neighbours
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE papers_paper")
        entries = answers(list(Paper.objects.values_list("id", "arxiv_id", "published")))

        def respond(params: dict) -> Reply:
            ids = json.loads(params["_body"])["ids"]
            body = "[" + ",".join(entries[i.removeprefix("ARXIV:")] for i in ids) + "]"
            return Reply(body.encode(), content_type="application/json")

        figures = {"benchmark": "citations", "corpus": Paper.objects.count(),
                   "mean_references": REFERENCES}  # fmt: skip
        with replay_server(respond) as server:
            settings.S2_REQUEST_INTERVAL = 1.0
            figures["documented_rate"] = run(server.url, PACED)
            settings.S2_REQUEST_INTERVAL = 0
            figures["unpaced"] = run(server.url)  # the rest of the corpus
            figures["refresh_unpaced"] = run(server.url, refresh=True)
        with connection.cursor() as cursor:  # as autovacuum would after a bulk load
            cursor.execute("ANALYZE papers_citation")
        figures["reads_ms"] = read_times()
        per_min = figures["documented_rate"]["papers_per_min"]
        figures["hours_for_1M_at_documented_rate"] = round(1_000_000 / per_min / 60, 1)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
