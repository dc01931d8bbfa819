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

Prints one JSON line; papers per minute are what the README quotes.

    make bench-citations
"""

from __future__ import annotations

import json
import random
import sys
import time

from corpus import REPO_DIR, SHARED_DATA, bench_database

REFERENCES, IN_CORPUS, UNKNOWN = 35, 0.35, 0.05
PACED = 10_000


def answers(papers: list[tuple[int, str, object]]) -> dict[str, str]:
    """{arXiv id: its JSON entry} (null for the unknown), built before the clock runs."""
    rng = random.Random(25)
    out, earlier = {}, []
    for _, arxiv_id, _published in sorted(papers, key=lambda p: (p[2] is None, p[2], p[1])):
        if rng.random() < UNKNOWN:
            out[arxiv_id] = "null"
            earlier.append(arxiv_id)
            continue
        refs = []
        for n in range(rng.randint(REFERENCES // 2, REFERENCES * 3 // 2)):
            if earlier and rng.random() < IN_CORPUS:
                cited = rng.choice(earlier)
                refs.append({"paperId": f"s2-{cited}", "title": f"Cited paper {cited}",
                             "year": 2020, "externalIds": {"ArXiv": cited}})  # fmt: skip
            else:
                doi = f"10.5555/{arxiv_id}.{n}"
                refs.append({"paperId": f"s2-{doi}", "title": f"A work outside {n}",
                             "year": 2015 + n % 10, "externalIds": {"DOI": doi}})  # fmt: skip
        entry = {"paperId": f"s2-{arxiv_id}", "externalIds": {"ArXiv": arxiv_id},
                 "citationCount": rng.randint(0, 500), "referenceCount": len(refs),
                 "influentialCitationCount": rng.randint(0, 20), "references": refs}  # fmt: skip
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


def main() -> None:
    sys.path.insert(0, str(REPO_DIR))
    with bench_database("paperscope_bench_citations"):
        import django

        django.setup()
        from django.conf import settings
        from django.db import connection

        from papers.importer import import_files
        from papers.models import Paper
        from tests.papers.replay_server import Reply, replay_server

        import_files([SHARED_DATA / "arxiv-ml-106k.jsonl.gz"])
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
        per_min = figures["documented_rate"]["papers_per_min"]
        figures["hours_for_1M_at_documented_rate"] = round(1_000_000 / per_min / 60, 1)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
