"""Retrieval metrics (pure)."""

import math

import pytest

from search.metrics import mrr_at, ndcg_at, recall_at


def test_single_relevant_document():
    relevant = {"d": 1}
    assert ndcg_at(10, ["d", "x"], relevant) == 1.0
    assert ndcg_at(10, ["x", "d"], relevant) == pytest.approx(1 / math.log2(3))
    assert mrr_at(10, ["x", "y", "d"], relevant) == pytest.approx(1 / 3)
    assert ndcg_at(10, ["x"] * 10 + ["d"], relevant) == 0.0
    assert mrr_at(10, ["x"] * 10 + ["d"], relevant) == 0.0


def test_recall_counts_the_first_hundred():
    relevant = {"a": 1, "b": 1}
    assert recall_at(100, ["a"] + ["x"] * 98 + ["b"], relevant) == 1.0
    assert recall_at(100, ["a"] + ["x"] * 99 + ["b"], relevant) == 0.5
    assert recall_at(100, ["x"], {}) == 0.0
