"""New papers go among their nearest laid-out neighbours, weighted by similarity."""

import numpy as np
import pytest

from search.map.projection import place, project, trustworthiness


def test_a_new_point_sits_at_the_similarity_weighted_mean_of_its_neighbours():
    neighbours = np.array([[0.0, 0.0], [10.0, 0.0]])
    assert place(neighbours, np.array([0.5, 0.5])).tolist() == [5.0, 0.0]
    # Squared weights: a much closer neighbour pulls harder.
    assert place(neighbours, np.array([0.9, 0.3]))[0] == pytest.approx(10 * 0.09 / 0.9)


def test_unrelated_neighbours_count_for_nothing():
    neighbours = np.array([[0.0, 0.0], [10.0, 10.0]])
    assert place(neighbours, np.array([0.8, -0.4])).tolist() == [0.0, 0.0]
    assert place(neighbours, np.array([-0.1, -0.2])).tolist() == [5.0, 5.0]  # none similar


def test_the_layout_keeps_neighbourhoods():
    rng = np.random.default_rng(1)
    centres = np.eye(384, dtype=np.float32)[:3]
    vectors = np.concatenate([c + rng.normal(0, 0.05, (100, 384)) for c in centres])
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    xy = project(vectors, threads=1)
    assert xy.shape == (300, 2) and np.isfinite(xy).all()
    assert trustworthiness(vectors, xy) > 0.9
    # Papers of one topic land together: each topic's spread is small beside the map's.
    spread = np.mean([xy[i * 100 : (i + 1) * 100].std(axis=0).mean() for i in range(3)])
    assert spread < xy.std(axis=0).mean() / 2


def test_too_few_papers_still_get_points():
    assert project(np.eye(3, 384, dtype=np.float32)).shape == (3, 2)
