"""A long query is tokenized from a prefix, with exactly the tokens the whole text gives."""

import gzip
import json
from itertools import islice
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tokenizers import Tokenizer

from papers import encoder
from papers.query_encoder import PREFIX_CHARS_PER_TOKEN, tokens
from tests.conftest import SHARED_DIR

MAX_LENGTH = 256


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    loaded = Tokenizer.from_file(str(Path(encoder.model_path(encoder.model_name()))
                                     / "tokenizer.json"))  # fmt: skip
    loaded.enable_truncation(MAX_LENGTH)
    loaded.no_padding()
    return loaded


def abstracts(count: int) -> list[str]:
    with gzip.open(SHARED_DIR / "data" / "arxiv-ml-106k.jsonl.gz", "rt") as lines:
        return [json.loads(line)["abstract"] for line in islice(lines, count)]


def same(tokenizer: Tokenizer, text: str) -> bool:
    whole, cut = tokenizer.encode(text), tokens(tokenizer, text, MAX_LENGTH)
    return (cut.ids, cut.type_ids, cut.attention_mask) == (
        whole.ids, whole.type_ids, whole.attention_mask)  # fmt: skip


def test_pasted_abstracts_keep_the_whole_texts_tokens(tokenizer):
    texts = abstracts(60)
    pasted = [" ".join(texts[i : i + 5])[:5000] for i in range(0, 60, 5)]
    assert all(len(text) > PREFIX_CHARS_PER_TOKEN * MAX_LENGTH for text in pasted)
    assert all(len(tokenizer.encode(text).ids) == MAX_LENGTH for text in pasted)
    assert all(same(tokenizer, text) for text in pasted)


def test_long_words_that_the_prefix_cannot_fill_are_tokenized_whole(tokenizer):
    # Each word is one [UNK] or a few pieces: 1,536 characters hold fewer than 256 tokens.
    text = " ".join(["x" * 120] * 40 + ["graph neural networks"] * 200)
    assert same(tokenizer, text)
    assert len(tokenizer.encode(text).ids) == MAX_LENGTH


def test_a_word_across_the_prefixs_end_is_tokenized_whole(tokenizer):
    # "networks" is the 254th word, the last one kept, and spans characters 1,530-1,537.
    text = " ".join(["graph"] * 249 + ["learning"] * 4 + ["networks"] + ["graph"] * 100)
    assert text.index(" networks ") + 1 < PREFIX_CHARS_PER_TOKEN * MAX_LENGTH < 1538
    assert tokens(tokenizer, text, MAX_LENGTH).tokens[-2:] == ["networks", "[SEP]"]
    assert same(tokenizer, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["graph", "neural", "networks", "O(n^2)", "naïve", "état",
                                 "transformer-based", "GPT-4o", "日本語", "\n", "", "x" * 30]),
                min_size=200, max_size=900))  # fmt: skip
def test_any_text_keeps_the_whole_texts_tokens(tokenizer, words):
    assert same(tokenizer, " ".join(words))
