"""From 384-d vectors to the map's 2D points: the full layout, and placing new papers.

The full layout is openTSNE's (FFT-accelerated t-SNE with cosine neighbours, PCA
initialisation): on the 106k corpus it kept local neighbourhoods better than UMAP
(trustworthiness, bench/map.py) and needs no JIT compiler at start. New papers are placed
without recomputing anything: each at the similarity-weighted mean of its nearest laid-out
neighbours in the 384-d space, the starting point t-SNE's and UMAP's own `transform` use.
"""

from __future__ import annotations

import numpy as np

METHOD = "openTSNE"
NEIGHBOURS = 10  # laid-out neighbours a new paper is placed among
TRUST_SAMPLE = 10_000
# Above this many papers, t-SNE lays out a random sample of this size and the rest are
# placed among their nearest sampled neighbours (openTSNE's prepare_partial, its own
# `transform` start): t-SNE over 1M papers did not finish in 43 minutes here. The sample
# is what makes the map true: at 1M trustworthiness rose from 0.861 (30k) through 0.877
# (100k) and 0.891 (200k) to 0.902 with 400k, laid out and placed in 18 minutes on two
# cores, within the 30-minute budget (bench/map_trust.py). A larger perplexity, more
# neighbours or optimisation steps for the placed points each moved it by 0.003 or less.
LAYOUT_SAMPLE = 400_000
PLACE_CHUNK = 100_000  # placed at a time: bounds the neighbour tables' memory


def project(vectors: np.ndarray, threads: int = -1, seed: int = 7,
            sample: int = LAYOUT_SAMPLE) -> np.ndarray:  # fmt: skip
    """(n, 2) float32 coordinates of these L2-normalised vectors."""
    if len(vectors) < 4:  # too few for neighbours: a line is honest enough
        return np.column_stack([np.arange(len(vectors)), np.zeros(len(vectors))]).astype(np.float32)
    if len(vectors) <= sample:
        return np.asarray(_tsne(vectors, threads, seed), dtype=np.float32)
    chosen, rest = split_sample(len(vectors), sample, seed)
    embedding = _tsne(vectors[chosen], threads, seed)
    xy = np.empty((len(vectors), 2), dtype=np.float32)
    xy[chosen] = np.asarray(embedding)
    xy[rest] = place_rest(embedding, vectors[rest])
    return xy


def split_sample(count: int, sample: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(the indexes laid out by t-SNE, the rest), both sorted."""
    chosen = np.sort(np.random.default_rng(seed).choice(count, sample, replace=False))
    return chosen, np.setdiff1d(np.arange(count), chosen)


def place_rest(embedding, vectors: np.ndarray, neighbours: int = NEIGHBOURS,
               steps: int = 0) -> np.ndarray:  # fmt: skip
    """Points for vectors left out of the t-SNE sample: each among its nearest sampled
    neighbours (openTSNE's prepare_partial), then `steps` of openTSNE's optimisation of
    the placed points against the fixed sample (its `transform` runs 250)."""
    xy = np.empty((len(vectors), 2), dtype=np.float32)
    for start in range(0, len(vectors), PLACE_CHUNK):
        part = vectors[start : start + PLACE_CHUNK].astype(np.float32)
        # Perplexity a third of the neighbours asked for: the default 90 neighbours took
        # 2.5 times as long for the same trustworthiness (106k, 30k placed).
        placed = embedding.prepare_partial(part, initialization="median", k=neighbours,
                                           perplexity=neighbours / 3)  # fmt: skip
        if steps:
            placed = placed.optimize(steps, learning_rate=0.1, exaggeration=1.5,
                                     momentum=0.8, max_grad_norm=0.25)  # fmt: skip
        xy[start : start + len(part)] = np.asarray(placed)
    return xy


def _tsne(vectors: np.ndarray, threads: int, seed: int):
    from openTSNE import TSNE

    perplexity = min(30.0, max(1.0, (len(vectors) - 1) / 3))
    return TSNE(
        perplexity=perplexity,
        metric="cosine",
        initialization="pca",
        n_jobs=threads,
        random_state=seed,
        verbose=False,
    ).fit(vectors.astype(np.float32))


def place(neighbour_xy: np.ndarray, similarities: np.ndarray) -> np.ndarray:
    """Where a new paper goes: the mean of its neighbours' points, weighted by how similar
    each is (the negative similarities of unrelated papers count for nothing)."""
    weights = np.clip(similarities, 0, None) ** 2
    if not len(weights) or weights.sum() <= 0:
        return neighbour_xy.mean(axis=0) if len(neighbour_xy) else np.zeros(2, np.float32)
    return (neighbour_xy * weights[:, None]).sum(axis=0) / weights.sum()


def trustworthiness(vectors: np.ndarray, xy: np.ndarray, seed: int = 0) -> float:
    """sklearn's trustworthiness at k=10 on a sample of TRUST_SAMPLE points: the share of
    each point's 2D neighbours that are true neighbours in 384-d (1.0 at best)."""
    from sklearn.manifold import trustworthiness as score

    if len(vectors) <= 11:
        return 1.0
    rng = np.random.default_rng(seed)
    sample = rng.choice(len(vectors), min(len(vectors), TRUST_SAMPLE), replace=False)
    return float(score(vectors[sample], xy[sample], n_neighbors=10, metric="cosine"))
