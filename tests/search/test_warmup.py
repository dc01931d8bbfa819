"""Web workers warm up at start: the model is loaded and the keyword index built."""

import pytest

from search.keyword import index_cache
from search.warmup import warm_up
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


def test_warm_up_builds_the_keyword_index_and_loads_the_model():
    index_cache.clear()
    paper = PaperFactory()
    warm_up()
    assert paper.id in index_cache._index.ids
    index_cache.clear()


def test_a_failed_warm_up_is_logged_not_raised(monkeypatch, caplog):
    def broken():
        raise RuntimeError("no index")

    monkeypatch.setattr(index_cache, "get", broken)
    warm_up()
    assert "warm-up failed" in caplog.text
