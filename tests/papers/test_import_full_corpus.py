"""The whole shared corpus: exactly 106,764 papers, and a second import changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from papers.models import Paper

pytestmark = pytest.mark.django_db(transaction=True)
CORPUS_SIZE = 106_764


def test_shared_corpus_imports_exactly_once(shared):
    path = str(shared / "data" / "arxiv-ml-106k.jsonl.gz")
    out = StringIO()
    call_command("import_papers", path, "--no-progress", stdout=out, stderr=StringIO())
    assert f"created {CORPUS_SIZE}, updated 0, unchanged 0, skipped 0" in out.getvalue()
    assert Paper.objects.count() == CORPUS_SIZE

    out = StringIO()
    call_command("import_papers", path, "--no-progress", stdout=out, stderr=StringIO())
    assert f"created 0, updated 0, unchanged {CORPUS_SIZE}, skipped 0" in out.getvalue()
    assert Paper.objects.count() == CORPUS_SIZE
