from pathlib import Path

from papers.sources import read_file
from papers.sources.record import Notice, PaperRecord, Rejected


def read_all(path: Path, format_name: str | None = None):
    """(records, rejected, notices) of one file."""
    items = list(read_file(path, format_name))
    return (
        [i for i in items if isinstance(i, PaperRecord)],
        [i for i in items if isinstance(i, Rejected)],
        [i for i in items if isinstance(i, Notice)],
    )
