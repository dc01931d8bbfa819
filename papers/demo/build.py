"""Rebuild the bundled demo corpus from ../shared (python -m papers.demo.build).

Every 35th record of the shared arXiv file (about 3,000 papers spread over every year it
covers) plus the seed listing page. Deterministic: same input, same bytes.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

from papers.demo import DEMO_DIR

SHARED = DEMO_DIR.parents[2] / "shared"
STRIDE = 35


def build(shared: Path = SHARED) -> None:
    source = shared / "data" / "arxiv-ml-106k.jsonl.gz"
    target = DEMO_DIR / "arxiv-sample.jsonl.gz"
    with (
        gzip.open(source, "rb") as lines,
        open(target, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as out,
    ):
        for number, line in enumerate(lines):
            if number % STRIDE == 0:
                out.write(line)
    shutil.copyfile(shared / "seeds" / "000_f0c7d5477d2e123d.txt", DEMO_DIR / "listing-seed.txt")


if __name__ == "__main__":
    build()
