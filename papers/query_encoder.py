"""The query encoder of the web side: the active model's transformer exported once to ONNX
and run on onnxruntime, with the model's own fast tokenizer. No torch on the way of a
query: a short query encodes in about a third of the time torch takes on two cores.

`manage.py export_query_encoder` writes the ONNX file (make run does it); until one exists
for the active model, papers.encoder.encode_query uses torch. Documents are always
embedded by the workers with the real model through sentence-transformers.
"""

from __future__ import annotations

import functools
import json
import os
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from django.conf import settings

if TYPE_CHECKING:
    from tokenizers import Encoding, Tokenizer

_lock = threading.Lock()
# Raised when export() changes what it writes, so that `manage.py export_query_encoder`
# replaces an older export (2: attention exported as the model's eager attention).
EXPORT_VERSION = 2


def onnx_file(model_name: str) -> Path:
    safe_name = re.sub(r"[^\w.-]+", "_", model_name)
    return Path(settings.QUERY_ENCODER_DIR) / f"{safe_name}.onnx"


def available(model_name: str, model_dir: str) -> bool:
    """Exported, and the model's tokenizer is on disk beside it."""
    return onnx_file(model_name).is_file() and (Path(model_dir) / "tokenizer.json").is_file()


def current(model_name: str, model_dir: str) -> bool:
    """Exported by this version of export()."""
    if not available(model_name, model_dir):
        return False
    return _read_metadata(str(onnx_file(model_name))).get("version") == EXPORT_VERSION


def export(model_name: str, model_path: str, quantize: bool = True) -> Path:
    """Export the model's transformer (its hidden states; pooling is done here) to ONNX,
    with dynamic batch and sequence axes; then, unless told not to, quantise its weights
    to int8. Needs torch and onnx: run once (manage.py export_query_encoder)."""
    import torch
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(model_path, device="cpu", local_files_only=True)
    transformer = model[0].auto_model.eval()
    # Attention as plain matrix products: exported through PyTorch's fused attention, the
    # graph spent its time building masks, and a 256-token query took 29-40 ms against
    # 22-33 ms on two cores (the same vectors).
    transformer.set_attn_implementation("eager")
    features = model.tokenizer(["an example query"], return_tensors="pt")
    names = list(features)  # input_ids, attention_mask (and token_type_ids for BERT)
    target = onnx_file(model_name)
    target.parent.mkdir(parents=True, exist_ok=True)
    full = target.with_suffix(".float32.onnx")

    class HiddenStates(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.transformer = transformer

        def forward(self, *inputs):
            return self.transformer(**dict(zip(names, inputs, strict=True))).last_hidden_state

    # The TorchScript exporter traces one call: branches on shapes (padding, causal masks)
    # are fixed as they went for an unpadded batch of one, which is the only way
    # encode_query calls the model.
    axes = {name: {0: "batch", 1: "sequence"} for name in names}
    with torch.inference_mode():
        torch.onnx.export(
            HiddenStates(), tuple(features[name] for name in names), str(full),
            input_names=names, output_names=["hidden"], dynamic_axes=axes, dynamo=False,
        )  # fmt: skip
    temporary = target.with_suffix(".tmp.onnx")
    if quantize:
        _quantize(full, temporary)
        full.unlink()
    else:
        os.replace(full, temporary)
    target.with_suffix(".json").write_text(json.dumps({
        "inputs": names, "max_length": model.max_seq_length, "int8": quantize,
        "version": EXPORT_VERSION,
    }))  # fmt: skip
    os.replace(temporary, target)
    _session.cache_clear()
    _metadata.cache_clear()
    return target


def _quantize(source: Path, target: Path) -> None:
    """Int8 weights (per channel) for the matrix products, except each feed-forward
    block's output projection: quantising those too moved some query vectors to cosine
    0.985 from the model's; without them the worst of the dev queries is 0.994, and a
    query encodes in ~2.4 ms instead of ~3.6 ms (fp32) on two cores."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    matmuls = [n.name for n in onnx.load(str(source)).graph.node if n.op_type == "MatMul"]
    feed_forward_out = [n for n in matmuls if n.endswith("/output/dense/MatMul")
                        and "/attention/" not in n]  # fmt: skip
    quantize_dynamic(
        str(source), str(target), per_channel=True, weight_type=QuantType.QInt8,
        op_types_to_quantize=["MatMul"], nodes_to_exclude=feed_forward_out,
    )  # fmt: skip


def _read_metadata(path: str) -> dict:
    """What the export wrote beside the model."""
    return json.loads(Path(path).with_suffix(".json").read_text())


# Read once a process, not once a query.
_metadata = functools.cache(_read_metadata)


def loaded() -> bool:
    """Whether this process holds an ONNX session already."""
    return _session.cache_info().currsize > 0


@functools.cache
def _session(path: str, max_length: int, model_dir: str):
    import onnxruntime
    from tokenizers import Tokenizer

    options = onnxruntime.SessionOptions()
    # One query at a time per request: more threads than cores only add hand-offs.
    options.intra_op_num_threads = min(2, os.cpu_count() or 1)
    session = onnxruntime.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(Path(model_dir) / "tokenizer.json"))
    tokenizer.enable_truncation(max_length)
    tokenizer.no_padding()
    return session, tokenizer


# Characters of a long text tokenized first, per token kept: ~4.5 make a token of English.
PREFIX_CHARS_PER_TOKEN = 6


def tokens(tokenizer: Tokenizer, text: str, max_length: int) -> Encoding:
    """The text's encoding, cut to its first `max_length` tokens as the tokenizer cuts it.
    Tokenizing all of a 5,000-character paste to keep its first 256 tokens took 1.8 ms:
    a prefix ending at a space is tokenized instead, which gives the same tokens when it
    is cut itself (words are split at spaces and punctuation, so the words before the
    space tokenize alone as they do in the whole text)."""
    limit = PREFIX_CHARS_PER_TOKEN * max_length
    if len(text) > limit and (cut := text.rfind(" ", 0, limit)) > 0:
        encoding = tokenizer.encode(text[:cut])
        if encoding.overflowing:
            return encoding
    return tokenizer.encode(text)


def encode_query(model_name: str, model_dir: str, text: str) -> np.ndarray:
    """The query's L2-normalised vector: mean of the transformer's hidden states, as the
    model's own mean pooling does for one text (no padding, so every token counts)."""
    path = onnx_file(model_name)
    meta = _metadata(str(path))
    with _lock:
        session, tokenizer = _session(str(path), meta["max_length"], model_dir)
        encoding = tokens(tokenizer, text, meta["max_length"])
        feeds = {
            "input_ids": np.array([encoding.ids], dtype=np.int64),
            "attention_mask": np.array([encoding.attention_mask], dtype=np.int64),
            "token_type_ids": np.array([encoding.type_ids], dtype=np.int64),
        }
        (hidden,) = session.run(None, {name: feeds[name] for name in meta["inputs"]})
    vector = hidden[0].astype(np.float32).mean(axis=0)
    return vector / max(float(np.linalg.norm(vector)), 1e-12)
