"""Web workers warm up at start: the model is loaded and the keyword index opened."""

import pytest

from search.fulltext.reader import keyword_reader
from search.warmup import warm_up
from tests.factories import PaperFactory
from tests.helpers import index_keywords

pytestmark = pytest.mark.django_db


def test_warm_up_opens_the_keyword_index_and_loads_the_model(caplog):
    PaperFactory()
    index_keywords()
    warm_up()
    assert keyword_reader.documents() == 1
    assert "warm-up failed" not in caplog.text


def test_without_an_index_warm_up_says_so_and_builds_nothing(caplog, keyword_index_dir):
    warm_up()
    assert "no keyword index yet" in caplog.text
    assert list(keyword_index_dir.iterdir()) == []


def test_a_failed_warm_up_is_logged_not_raised(monkeypatch, caplog):
    def broken(texts):
        raise RuntimeError("no model")

    monkeypatch.setattr("papers.encoder.encode", broken)
    warm_up()
    assert "warm-up failed" in caplog.text
