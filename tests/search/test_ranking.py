"""Fusion (pure): the convex combination for queries, z-scores for prose, reciprocal ranks
(the citation bench's)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search.ranking import by_score, convex_fusion, reciprocal_rank_fusion, z_score_fusion


def test_convex_fusion_normalises_each_side_by_its_best():
    dense, keyword = {1: 0.8, 2: 0.4, 3: 0.0}, {2: 10.0, 3: 5.0}
    fused = dict(convex_fusion(dense, keyword, alpha=0.5))
    assert fused == pytest.approx({1: 0.5, 2: 0.75, 3: 0.25})
    assert [pid for pid, _ in convex_fusion(dense, keyword)] == [2, 1, 3]


def test_a_side_without_positive_scores_counts_for_nothing():
    assert convex_fusion({1: 0.9}, {}) == [(1, pytest.approx(0.6))]
    assert convex_fusion({}, {2: 3.0}) == [(2, pytest.approx(1.0))]


def test_both_sides_empty_fuse_to_nothing():
    assert convex_fusion({}, {}) == []


def test_a_candidate_without_a_vector_is_ranked_on_its_words_not_as_dissimilar():
    # Paper 1 is the best keyword match and has no vector yet; paper 2 has one (half the
    # candidates: the dense side weighs half of alpha).
    fused = dict(convex_fusion({2: 0.7}, {1: 10.0, 2: 5.0}))
    assert fused == pytest.approx({1: 1.0, 2: 0.3 * 1.0 + 0.7 * 0.5})
    # With a vector of cosine 0 it would be dissimilar, and last.
    assert [pid for pid, _ in convex_fusion({1: 0.0, 2: 0.7}, {1: 10.0, 2: 5.0})] == [2, 1]


def test_a_candidate_without_a_vector_is_never_closer_than_the_closest_paper():
    # The best cosine is 0.3 (0.75 of full marks): a paper without a vector is no closer.
    fused = dict(convex_fusion({1: 0.3}, {2: 10.0}))
    assert fused == pytest.approx({1: 0.3 * 0.75, 2: 0.3 * 0.75 + 0.7})


def test_the_dense_side_weighs_the_share_of_candidates_it_can_score():
    keyword = {pid: 10.0 - pid for pid in range(10)}
    # One candidate in ten has a vector: it is the closest in meaning but the weakest in
    # words, and the dense side, at a tenth of alpha, does not lift it past better words.
    fused = dict(convex_fusion({9: 0.9}, keyword))
    assert fused[9] == pytest.approx(0.06 * 1.0 + 0.94 * 0.1)
    assert [pid for pid, _ in convex_fusion({9: 0.9}, keyword)] == list(range(10))
    # Every candidate with a vector: full alpha.
    full = {pid: 0.5 for pid in range(9)} | {9: 0.9}
    assert dict(convex_fusion(full, keyword))[9] == pytest.approx(0.6 * 1.0 + 0.4 * 0.1)


def test_a_weak_dense_side_does_not_hand_out_full_marks():
    # Nothing is close in meaning (best cosine 0.2): the strong keyword match wins, where
    # dividing by the best cosine made paper 1 a perfect dense match (0.76 against 0.55).
    dense, keyword = {1: 0.2, 2: 0.05}, {2: 10.0, 1: 4.0}
    assert [pid for pid, _ in convex_fusion(dense, keyword)] == [2, 1]
    strong = {1: 0.8, 2: 0.05}  # a real match in meaning still counts in full
    assert convex_fusion(strong, keyword)[0] == (1, pytest.approx(0.6 + 0.4 * 0.4))


def test_reciprocal_rank_fusion_rewards_agreement_not_score_scale():
    fused = reciprocal_rank_fusion([1, 2, 3], [2, 4], k=60)
    assert [pid for pid, _ in fused] == [2, 1, 4, 3]
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61)


def test_z_score_fusion_gives_each_side_the_same_spread():
    # Prose cosines sit within hundredths of each other while BM25 spreads widely.
    # Standardised, the two sides' lists below have the same shape: the dense side's
    # winner (paper 1) counts as much as the keyword side's (paper 3), and the paper both
    # rank second (paper 2) comes first.
    dense = {1: 0.80, 2: 0.79, 4: 0.77, 5: 0.77}
    keyword = {3: 40.0, 2: 30.0, 6: 10.0, 7: 10.0}
    fused = dict(z_score_fusion(dense, keyword))
    assert fused[1] == pytest.approx(fused[3])
    assert max(fused, key=fused.get) == 2


def test_z_score_fusion_gives_an_unlisted_candidate_the_sides_lowest_score():
    dense, keyword = {1: 0.9, 2: 0.5}, {3: 4.0, 1: 2.0}
    fused = dict(z_score_fusion(dense, keyword))
    # Each side's z-scores are +1 and -1, so each leads by 2; paper 3 takes the dense
    # side's lowest, -1.
    assert fused == pytest.approx({1: 2 * (-1.0 + 1.0), 2: 2 * (-1.0 - 1.0),
                                   3: 2 * (1.0 - 1.0)})  # fmt: skip


def test_z_score_fusion_lets_the_side_with_a_clear_best_decide_over_a_flat_one():
    # Paper 1 shares the dense side's flat top with 19 others; paper 99 is the keyword
    # side's clear best and has no vector. Summed with equal weights, paper 1's place on
    # both lists beats it; weighted by how far each side's best leads its 20th, the dense
    # side (leading by nothing) leaves the choice to the keyword side.
    dense = {pid: 0.80 for pid in range(1, 21)} | {pid: 0.40 for pid in range(21, 41)}
    keyword = {99: 7.0, 1: 5.0} | {pid: 1.0 for pid in range(21, 41)}
    assert [pid for pid, _ in z_score_fusion(dense, keyword)][:2] == [99, 1]
    assert [pid for pid, _ in z_score_fusion(dense, keyword, lead_rank=0)][:2] == [1, 99]


def test_z_score_fusion_weighs_the_dense_side_by_its_coverage():
    dense, keyword = {1: 0.9, 2: 0.5}, {2: 4.0, 1: 2.0}
    assert [pid for pid, _ in z_score_fusion(dense, keyword, 1.0)] == [1, 2]  # a tie, by id
    assert [pid for pid, _ in z_score_fusion(dense, keyword, 0.1)] == [2, 1]
    # z-scores of +1 and -1 on each side, each side leading by 2.
    assert dict(z_score_fusion(dense, keyword, 0.1)) == pytest.approx({1: -1.8, 2: 1.8})


# Scores to the hundredth, as BM25 and cosines differ in practice (differences near the
# smallest float vanish in a variance, and every score then ties).
scores = st.dictionaries(st.integers(1, 60), st.integers(-500, 5000).map(lambda x: x / 100),
                         max_size=40)  # fmt: skip


@given(scores, scores, st.floats(0, 1), st.integers(0, 25))
def test_z_score_fusion_ranks_every_candidate_once_best_first(dense, keyword, share, rank):
    fused = z_score_fusion(dense, keyword, share, lead_rank=rank)
    assert sorted(pid for pid, _ in fused) == sorted(dense.keys() | keyword.keys())
    assert fused == sorted(fused, key=lambda r: (-r[1], r[0]))


@given(scores)
def test_z_score_fusion_of_one_side_keeps_its_order(keyword):
    # The lead only scales a side's scores, so alone it ranks as its own scores do.
    assert [pid for pid, _ in z_score_fusion({}, keyword)] == [pid for pid, _ in by_score(keyword)]


def test_a_side_level_at_the_top_still_orders_its_tail_and_the_other_sides_ties():
    level = {pid: 3.0 for pid in range(10, 30)} | {2: 1.0, 1: 2.0}
    assert [pid for pid, _ in z_score_fusion({}, level)] == [*range(10, 30), 1, 2]
    # Papers 30 and 31 tie on the keyword side; the level dense side puts 31 first.
    keyword = {30: 5.0, 31: 5.0, 32: 1.0}
    dense = {pid: 0.8 for pid in range(1, 21)} | {31: 0.5, 30: 0.4}
    assert [pid for pid, _ in z_score_fusion(dense, keyword)][:2] == [31, 30]


def test_z_score_fusion_of_one_side_or_equal_scores():
    assert z_score_fusion({}, {1: 2.0, 2: 1.0}) == [(1, 2.0), (2, -2.0)]
    assert z_score_fusion({1: 0.5, 2: 0.5}, {}) == [(1, 0.0), (2, 0.0)]
    assert z_score_fusion({}, {}) == []


def test_ties_break_by_id_so_the_order_is_stable():
    assert by_score({3: 1.0, 1: 1.0, 2: 2.0}) == [(2, 2.0), (1, 1.0), (3, 1.0)]
