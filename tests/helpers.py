"""Helpers shared by tests of every app."""

from search.fulltext.reader import keyword_reader
from search.fulltext.writer import KeywordIndexWriter


def index_keywords() -> None:
    """Bring this test's keyword index up to date with the papers the test has written
    (as embed_papers_now does for vectors): one writer step, in this process and this
    transaction, then readers look again."""
    with KeywordIndexWriter() as writer:
        writer.step()
    keyword_reader.reset()
