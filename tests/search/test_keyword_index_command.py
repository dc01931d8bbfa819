"""manage.py keyword_index: --rebuild builds a generation readers switch to, --status
reports documents and lag, and a second writer on the directory is refused."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from search.fulltext.writer import KeywordIndexWriter
from tests.factories import PaperFactory

# Committed rows, as in real use: inside one test transaction now() never moves.
pytestmark = pytest.mark.django_db(transaction=True)


def run(*args) -> str:
    out = StringIO()
    call_command("keyword_index", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_status_before_and_after_a_rebuild():
    PaperFactory.create_batch(3)
    assert "no index yet" in run("--status")
    assert "indexed 3 papers" in run("--rebuild")
    status = run("--status")
    assert "documents: 3" in status and "changes_waiting: 0" in status
    PaperFactory()  # written after the rebuild's watermark: waiting for the writer
    assert "changes_waiting: 1" in run("--status")


def test_a_second_writer_is_refused(keyword_index_dir):
    with KeywordIndexWriter(keyword_index_dir), pytest.raises(CommandError, match="another"):
        run("--rebuild")
