"""Fusion (pure): the convex combination for queries, reciprocal ranks for prose."""

import pytest

from search.ranking import by_score, convex_fusion, reciprocal_rank_fusion


def test_convex_fusion_normalises_each_side_by_its_best():
    fused = dict(convex_fusion({1: 0.8, 2: 0.4}, {2: 10.0, 3: 5.0}, alpha=0.5))
    assert fused == pytest.approx({1: 0.5, 2: 0.75, 3: 0.25})
    assert [pid for pid, _ in convex_fusion({1: 0.8, 2: 0.4}, {2: 10.0, 3: 5.0})] == [2, 1, 3]


def test_a_side_without_positive_scores_counts_for_nothing():
    assert convex_fusion({1: 0.5}, {}) == [(1, pytest.approx(0.6))]
    assert convex_fusion({}, {}) == []


def test_reciprocal_rank_fusion_rewards_agreement_not_score_scale():
    fused = reciprocal_rank_fusion([1, 2, 3], [2, 4], k=60)
    assert [pid for pid, _ in fused] == [2, 1, 4, 3]
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61)


def test_ties_break_by_id_so_the_order_is_stable():
    assert by_score({3: 1.0, 1: 1.0, 2: 2.0}) == [(2, 2.0), (1, 1.0), (3, 1.0)]
