"""The digest run for 1,000 users with 5 saved searches each, over the 106k corpus after a
day's harvest (1,000 new papers, already embedded by the workers as they would be):
`send_digests` end to end, messages rendered and handed to Django's in-memory mail
backend (SMTP itself not timed). Prints one JSON line.

`--fresh-import`: instead, the whole corpus arrived an hour ago and no worker has embedded
any of it yet (issue 20: the run must not embed it itself).

    make bench-digests
    .venv/bin/python bench/digests.py --fresh-import
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import time

from corpus import bench_database, load_corpus

USERS = int(os.environ.get("BENCH_USERS", 1000))
SEARCHES_EACH, NEW_PAPERS = 5, 1000
MODES = ["hybrid"] * 3 + ["keyword", "semantic"]
CATEGORIES = [None, None, None, "cs.LG", "cs.CV", "cs.CL"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fresh-import", action="store_true")
    fresh = parser.parse_args().fresh_import
    with bench_database("paperscope_bench_digests"):
        ids, vectors, _ = load_corpus()
        import numpy as np
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.core import mail
        from django.db import connection
        from django.utils import timezone

        from papers.embeddings import store_vectors
        from papers.encoder import paper_text, text_hash
        from papers.models import Embedding, Paper
        from search.following.digests import send_digests
        from search.following.models import SavedSearch, VerifiedEmail
        from search.following.services import store_query_vector

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        rng = random.Random(7)
        # The corpus arrived long ago; only the day's harvest below is new. Or, fresh: it
        # arrived an hour ago, and has no vectors yet.
        arrived = dt.timedelta(hours=1) if fresh else dt.timedelta(days=30)
        Paper.objects.update(created=timezone.now() - arrived)
        if fresh:
            Embedding.objects.all().delete()
        # A day's harvest: copies of real papers under new ids, with their vectors.
        every = list(Paper.objects.order_by("id").values_list("id", flat=True))
        # Seeded, so that two runs (before and after a change) digest the same day.
        chosen = [] if fresh else rng.sample(every, NEW_PAPERS)
        by_id = Paper.objects.in_bulk(chosen)
        sources = [by_id[pid] for pid in chosen]
        new = Paper.objects.bulk_create([
            Paper(arxiv_id=f"2612.{n:05d}", title=p.title, abstract=p.abstract,
                  authors=p.authors, author_keys=p.author_keys, categories=p.categories,
                  published=dt.date(2026, 11, 26),
                  source=p.source)
            for n, p in enumerate(sources)
        ])  # fmt: skip
        position = {int(pid): i for i, pid in enumerate(ids)}
        store_vectors([p.id for p in new], [vectors[position[s.id]] for s in sources],
                      [text_hash(paper_text(p.title, p.abstract)) for p in new])  # fmt: skip

        picked = rng.sample(sorted(set(every) - set(chosen)), USERS * SEARCHES_EACH)
        title_of = dict(Paper.objects.filter(id__in=picked).values_list("id", "title"))
        titles = [title_of[pid] for pid in picked]
        users = get_user_model().objects.bulk_create([
            get_user_model()(username=f"user{n}", email=f"user{n}@example.org")
            for n in range(USERS)
        ])  # fmt: skip
        # Users who confirmed their address: digests go only to those.
        VerifiedEmail.objects.bulk_create([VerifiedEmail(user=u, email=u.email) for u in users])
        day_ago = timezone.now() - dt.timedelta(days=1)
        searches = []
        for n, user in enumerate(users):
            for k in range(SEARCHES_EACH):
                # A few words of a real title: topic-like queries of 2 to 4 words.
                words = titles[n * SEARCHES_EACH + k].split()
                start = rng.randrange(max(1, len(words) - 3))
                query = " ".join(words[start : start + rng.choice([2, 3, 4])])
                category = rng.choice(CATEGORIES)
                searches.append(SavedSearch(
                    user=user, name=f"s{k}", q=query,
                    mode=rng.choice(MODES), categories=[category] if category else [],
                    alert="daily", seen_at=day_ago,
                ))  # fmt: skip
        for saved in searches:  # encoded when saved, as the web app does (not timed)
            store_query_vector(saved)
        SavedSearch.objects.bulk_create(searches)
        SavedSearch.objects.update(created=day_ago)
        with connection.cursor() as cursor:  # as autovacuum would after the bulk writes
            cursor.execute("ANALYZE")

        started = time.perf_counter()
        if os.environ.get("BENCH_PROFILE"):  # where the time goes: BENCH_PROFILE=1
            import cProfile
            import pstats

            with cProfile.Profile() as profile:
                report = send_digests(("daily",))
            pstats.Stats(profile).sort_stats("cumulative").print_stats(35)
        else:
            report = send_digests(("daily",))
        seconds = time.perf_counter() - started
        sizes = [m.body.count("\n* ") for m in mail.outbox]
        figures = {
            "users": USERS, "saved_searches": len(searches),
            "new_papers": Paper.objects.count() if fresh else NEW_PAPERS,
            "vectors_after": Embedding.objects.count(),
            "seconds": round(seconds, 1), "sent": report.sent, "nothing_new": report.nothing_new,
            "papers_per_message_median": float(np.median(sizes)) if sizes else 0.0,
        }  # fmt: skip
    print(json.dumps({"benchmark": "digests", **figures}))


if __name__ == "__main__":
    main()
