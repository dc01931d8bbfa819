"""Grouping tokenized texts into forward-pass batches by a token budget, not a count.

A batch is padded to its longest text, so a count-sized batch of mixed lengths spends much
of the forward pass on padding. Sorting by length and filling each batch up to a budget of
padded tokens keeps every batch about as expensive as the next, with little padding, and
packs more short texts into one pass.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def token_budget_batches(lengths: Sequence[int], budget: int) -> list[list[int]]:
    """Positions of `lengths` in batches, longest texts first, each batch's padded size
    (texts times the longest) within `budget`; a text longer than the budget goes alone."""
    order = sorted(range(len(lengths)), key=lambda position: -lengths[position])
    batches: list[list[int]] = []
    for position in order:
        # Longest first: the batch's first text sets its padded length.
        if batches and (len(batches[-1]) + 1) * max(lengths[batches[-1][0]], 1) <= budget:
            batches[-1].append(position)
        else:
            batches.append([position])
    return batches


def padded(token_ids: Sequence[Sequence[int]], pad_id: int) -> tuple[np.ndarray, np.ndarray]:
    """(input ids, attention mask) as int64 arrays padded to the longest of `token_ids`."""
    lengths = np.fromiter((len(ids) for ids in token_ids), dtype=np.int64, count=len(token_ids))
    width = int(lengths.max(initial=1))
    ids = np.full((len(token_ids), width), pad_id, dtype=np.int64)
    for row, text_ids in enumerate(token_ids):
        ids[row, : len(text_ids)] = text_ids
    mask = (np.arange(width) < lengths[:, None]).astype(np.int64)
    return ids, mask
