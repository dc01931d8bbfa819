"""Build a recommendation dev set by author continuation: var/eval/recs-dev/.

A user is an author with at least MIN_BEFORE papers before CUTOFF and MIN_AFTER on or
after it (authors on more than MAX_AUTHOR_PAPERS papers are left out: common short names
join several people). Their library is their papers before the cutoff; the relevant
papers are their later ones. The corpus file has no authors, so a method must use the
content. Layout, as `manage.py evaluate_recommendations DIR` reads it:

- corpus.jsonl: {_id, title, text, categories, published}
- libraries.jsonl: {_id: user, library: [ids], cutoff: YYYY-MM-DD}
- qrels/test.tsv: user, corpus id, 1

`manage.py evaluate_recommendations` finds the shared precomputed vectors by text, so
nothing is embedded.

    .venv/bin/python bench/recs_dev.py
    .venv/bin/python manage.py evaluate_recommendations var/eval/recs-dev
"""

from __future__ import annotations

import json
import random
from collections import defaultdict

from corpus import REPO_DIR, shared_papers, write_corpus

CUTOFF = "2025-10-01"
MIN_BEFORE, MIN_AFTER = 4, 2
MAX_AUTHOR_PAPERS = 60
USERS = 400
SEED = 13
OUT = REPO_DIR / "var" / "eval" / "recs-dev"


def main() -> None:
    docs = shared_papers()
    by_author = defaultdict(list)
    for doc in docs:
        for author in set(doc["authors"]):
            by_author[author].append(doc)
    users = []
    for author, papers in sorted(by_author.items()):
        if len(papers) > MAX_AUTHOR_PAPERS:
            continue
        before = [p["id"] for p in papers if p["published"] < CUTOFF]
        after = [p["id"] for p in papers if p["published"] >= CUTOFF]
        if len(before) >= MIN_BEFORE and len(after) >= MIN_AFTER:
            users.append((author, before, after))
    random.Random(SEED).shuffle(users)
    users = users[:USERS]

    (OUT / "qrels").mkdir(parents=True, exist_ok=True)
    write_corpus(OUT / "corpus.jsonl", docs, ("categories", "published"))
    with open(OUT / "libraries.jsonl", "w") as out:
        for n, (_, before, _) in enumerate(users):
            out.write(json.dumps({"_id": f"u{n}", "library": before, "cutoff": CUTOFF}) + "\n")
    with open(OUT / "qrels" / "test.tsv", "w") as out:
        out.write("query-id\tcorpus-id\tscore\n")
        for n, (_, _, after) in enumerate(users):
            out.writelines(f"u{n}\t{pid}\t1\n" for pid in after)

    print(f"{OUT}: {len(docs)} documents, {len(users)} users")


if __name__ == "__main__":
    main()
