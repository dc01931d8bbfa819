"""The bundled demo corpus (see README.md here)."""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent
DEMO_FILES = (DEMO_DIR / "arxiv-sample.jsonl.gz", DEMO_DIR / "listing-seed.txt")
