"""Build a recommendation dev set by author continuation: var/eval/recs-dev/.

A user is an author with at least MIN_BEFORE papers before CUTOFF and MIN_AFTER on or
after it (authors on more than MAX_AUTHOR_PAPERS papers are left out: common short names
join several people). Their library is their papers before the cutoff; the relevant
papers are their later ones. The corpus file has no authors, so a method must use the
content. Layout, as `manage.py evaluate_recommendations DIR` reads it:

- corpus.jsonl: {_id, title, text, categories, published}
- libraries.jsonl: {_id: user, library: [ids], cutoff: YYYY-MM-DD}
- qrels/test.tsv: user, corpus id, 1

The shared precomputed vectors go into the evaluation cache, so nothing is embedded.

    .venv/bin/python bench/recs_dev.py
    .venv/bin/python manage.py evaluate_recommendations var/eval/recs-dev
"""

from __future__ import annotations

import gzip
import json
import random
from collections import defaultdict

from corpus import REPO_DIR, SHARED_DATA

CUTOFF = "2025-10-01"
MIN_BEFORE, MIN_AFTER = 4, 2
MAX_AUTHOR_PAPERS = 60
USERS = 400
SEED = 13
OUT = REPO_DIR / "var" / "eval" / "recs-dev"


def main() -> None:
    import django

    django.setup()
    import numpy as np

    from papers.encoder import paper_text, text_hash
    from search.management.commands.evaluate import write_cache

    with gzip.open(SHARED_DATA / "arxiv-ml-106k.jsonl.gz", "rt") as lines:
        docs = [json.loads(line) for line in lines]
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
    titles = [" ".join(d["title"].split()) for d in docs]
    abstracts = [" ".join(d["abstract"].split()) for d in docs]
    with open(OUT / "corpus.jsonl", "w") as out:
        for doc, title, text in zip(docs, titles, abstracts, strict=True):
            out.write(json.dumps({"_id": doc["id"], "title": title, "text": text,
                                  "categories": doc["categories"],
                                  "published": doc["published"]}) + "\n")  # fmt: skip
    with open(OUT / "libraries.jsonl", "w") as out:
        for n, (_, before, _) in enumerate(users):
            out.write(json.dumps({"_id": f"u{n}", "library": before, "cutoff": CUTOFF}) + "\n")
    with open(OUT / "qrels" / "test.tsv", "w") as out:
        out.write("query-id\tcorpus-id\tscore\n")
        for n, (_, _, after) in enumerate(users):
            out.writelines(f"u{n}\t{pid}\t1\n" for pid in after)

    vectors = np.load(SHARED_DATA / "arxiv-ml-106k.minilm-f16.npy")
    hashes = [text_hash(paper_text(t, a)) for t, a in zip(titles, abstracts, strict=True)]
    write_cache(OUT / "corpus.jsonl", [d["id"] for d in docs], hashes, vectors)
    print(f"{OUT}: {len(docs)} documents, {len(users)} users")


if __name__ == "__main__":
    main()
