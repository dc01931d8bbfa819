"""Batching by token budget changes the order of work, never the vectors (real model)."""

import gzip
import json
from itertools import islice

import numpy as np
import pytest

from papers import encoder
from tests.conftest import SHARED_DIR


@pytest.fixture(scope="module")
def abstracts() -> list[str]:
    with gzip.open(SHARED_DIR / "data" / "arxiv-ml-106k.jsonl.gz", "rt") as lines:
        records = [json.loads(line) for line in islice(lines, 300)]
    texts = [encoder.paper_text(r["title"], r["abstract"]) for r in records]
    # Lengths from one token to past the model's 256: sorting and packing must not matter.
    return [*texts, "GANs", "", "word " * 600, "Attention is all you need"]


def test_token_budget_batches_give_the_vectors_of_plain_batches(abstracts, monkeypatch):
    budgeted = encoder.encode(abstracts)
    # The model's own sentence-transformers path: batches of 32 in the order given.
    monkeypatch.setattr(encoder, "_is_mean_pooled_transformer", lambda model: False)
    plain = encoder.encode(abstracts, batch_size=32)
    cosines = (budgeted * plain).sum(axis=1)
    assert cosines.min() >= 0.9999


def test_a_tiny_budget_and_a_large_one_agree(abstracts):
    one_text_a_pass = encoder.encode(abstracts[:40], batch_size=1)
    many_a_pass = encoder.encode(abstracts[:40], batch_size=512)
    assert ((one_text_a_pass * many_a_pass).sum(axis=1)).min() >= 0.9999


def test_the_stream_covers_every_text_once(abstracts):
    seen = []
    for positions, vectors in encoder.encode_stream(abstracts, batch_size=8):
        assert vectors.shape == (len(positions), 384)
        seen.extend(positions)
    assert sorted(seen) == list(range(len(abstracts)))


def test_stopping_early_ends_the_encoding_thread(abstracts):
    import threading

    stream = encoder.encode_stream(abstracts, batch_size=4)
    next(stream)
    stream.close()
    assert not [t for t in threading.enumerate() if t.name.startswith(("encode", "tokenize"))]
    assert np.isfinite(encoder.encode(["still works"])).all()  # the model lock was released
