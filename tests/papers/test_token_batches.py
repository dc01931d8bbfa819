"""Token-budget batching: every text once, longest first, no batch over its budget."""

import numpy as np
import pytest

from papers.token_batches import padded, token_budget_batches


@pytest.mark.parametrize("budget", [1, 64, 300, 5_000])
def test_every_position_once_and_each_batch_within_budget(budget):
    lengths = np.random.default_rng(3).integers(1, 257, size=500).tolist()
    batches = token_budget_batches(lengths, budget)
    assert sorted(p for batch in batches for p in batch) == list(range(500))
    for batch in batches:
        longest = max(lengths[p] for p in batch)
        assert len(batch) == 1 or len(batch) * longest <= budget
        assert lengths[batch[0]] == longest  # the first text sets the padded width


def test_lengths_are_sorted_so_short_texts_pack_more_a_batch():
    lengths = [10, 200, 10, 200, 10, 10]
    assert token_budget_batches(lengths, 400) == [[1, 3], [0, 2, 4, 5]]


def test_a_text_longer_than_the_budget_goes_alone():
    assert token_budget_batches([300, 5, 5], 100) == [[0], [1, 2]]


def test_no_texts_no_batches():
    assert token_budget_batches([], 100) == []


def test_padding_fills_to_the_longest_and_masks_it():
    ids, mask = padded([[101, 7, 102], [101, 102]], pad_id=0)
    assert ids.tolist() == [[101, 7, 102], [101, 102, 0]]
    assert mask.tolist() == [[1, 1, 1], [1, 1, 0]]
    assert ids.dtype == mask.dtype == np.int64
