"""Above LAYOUT_SAMPLE papers, t-SNE lays out a sample and the rest are placed among
their nearest sampled neighbours: the layout still keeps local neighbourhoods (clusters
stay together) and places every paper."""

import numpy as np

from search.map.projection import project, trustworthiness


def clusters(count: int, per: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(count, 384))
    labels = np.repeat(np.arange(count), per)
    vectors = centres[labels] + rng.normal(scale=0.3, size=(count * per, 384))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32), labels


def test_a_sampled_layout_places_every_paper_by_its_neighbours():
    vectors, labels = clusters(6, 150)
    xy = project(vectors, threads=1, sample=300)
    assert xy.shape == (900, 2) and np.isfinite(xy).all()
    assert trustworthiness(vectors, xy) > 0.9
    # Each placed paper sits nearer its own cluster's centre than any other's.
    centres = np.stack([xy[labels == c].mean(axis=0) for c in range(6)])
    nearest = np.argmin(((xy[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1)
    assert (nearest == labels).mean() > 0.95
