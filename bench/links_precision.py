"""make bench-links: how many shared papers get each kind of link, and how precise the
code links are on 100 papers labelled by hand (bench/data/code-links-labelled.tsv).

Runs the extractor (papers/links.py) over the shared corpus's abstracts, as an import
does (the shared file has no comments field). Precision: of the code links it finds in
the labelled papers, the share labelled the authors' own code. Ends with one JSON line.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import sys
from collections import Counter
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
LABELS = REPO_DIR / "bench" / "data" / "code-links-labelled.tsv"
CORPUS = REPO_DIR.parent / "shared" / "data" / "arxiv-ml-106k.jsonl.gz"


def main() -> None:
    import django

    django.setup()
    from papers.links import found_links

    with LABELS.open() as rows:
        labelled = list(csv.DictReader((r for r in rows if not r.startswith("#")), delimiter="\t"))
    labels = {row["url"].lower(): row["label"] for row in labelled}
    wanted = {row["arxiv_id"] for row in labelled}
    kinds: Counter = Counter()
    papers = 0
    judged: Counter = Counter()
    with gzip.open(CORPUS, "rt") as lines:
        for line in lines:
            paper = json.loads(line)
            papers += 1
            links = found_links(paper["abstract"])
            kinds.update({link.kind for link in links})
            if paper["id"] in wanted:
                for link in links:
                    if link.kind == "code":
                        judged[labels.get(link.url.lower(), "unlabelled")] += 1
    found = sum(judged.values())
    figures = {
        "papers": papers, **{f"with_{kind}": n for kind, n in sorted(kinds.items())},
        "code_share": round(kinds["code"] / papers, 4),
        "labelled_papers": len(wanted), "code_links_judged": found, **dict(judged),
        "precision_authors_code": round(judged["code"] / found, 3) if found else None,
        # Labelled links the extractor no longer finds (after a change of its rules).
        "labelled_missed": len(labels) - (found - judged["unlabelled"]),
    }  # fmt: skip
    for name, value in figures.items():
        print(f"{name:26} {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
