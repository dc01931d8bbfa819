"""No secret is committed: no keys, tokens or passwords in tracked files."""

import re
import subprocess

from tests.conftest import REPO_DIR

SECRET_PATTERNS = [
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    re.compile(r"\bSECRET_KEY\s*=\s*['\"][^'\"]{20,}['\"]"),  # a literal key, not env reads
    re.compile(r"\b(?:ghp|github_pat|sk|xox[bp])_[A-Za-z0-9_]{20,}"),
    re.compile(r"AKIA[0-9A-Z]{16}"),
    re.compile(r"postgres(?:ql)?://[^:\s/]+:[^@\s]{6,}@(?!db[:/])"),  # a password in a URL
]


def test_tracked_files_hold_no_secrets():
    files = subprocess.run(["git", "ls-files"], cwd=REPO_DIR, capture_output=True, text=True,
                           check=True).stdout.split()  # fmt: skip
    found = []
    for name in files:
        path = REPO_DIR / name
        if path.suffix in {".png", ".gz", ".npy"} or not path.is_file():
            continue
        text = path.read_text(errors="ignore")
        found += [f"{name}: {m.group(0)[:40]}" for p in SECRET_PATTERNS for m in p.finditer(text)]
    assert found == []
