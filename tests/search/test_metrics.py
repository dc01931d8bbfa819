"""Retrieval metrics (pure)."""

import math

import pytest

from search.evaluation import mrr_at_10, ndcg_at_10, recall_at_100


def test_single_relevant_document():
    relevant = {"d": 1}
    assert ndcg_at_10(["d", "x"], relevant) == 1.0
    assert ndcg_at_10(["x", "d"], relevant) == pytest.approx(1 / math.log2(3))
    assert mrr_at_10(["x", "y", "d"], relevant) == pytest.approx(1 / 3)
    assert ndcg_at_10(["x"] * 10 + ["d"], relevant) == 0.0
    assert mrr_at_10(["x"] * 10 + ["d"], relevant) == 0.0


def test_recall_counts_the_first_hundred():
    relevant = {"a": 1, "b": 1}
    assert recall_at_100(["a"] + ["x"] * 98 + ["b"], relevant) == 1.0
    assert recall_at_100(["a"] + ["x"] * 99 + ["b"], relevant) == 0.5
    assert recall_at_100(["x"], {}) == 0.0
