"""Regions of the map: contiguous clusters at two nested levels, named by their most
distinctive terms (pure functions)."""

import numpy as np

from search.map.regions import cluster, distinctive_terms, label, region_counts


def test_each_region_is_named_by_what_sets_it_apart():
    documents = [
        "Diffusion models for image generation. Text-to-image diffusion samples images. "
        "Latent diffusion speeds image generation.",
        "Policy gradient reinforcement learning. Reward shaping for policy optimisation. "
        "Robots learn a policy from reward.",
        "Graph neural networks on molecules. Message passing over molecular graphs. "
        "Molecules as graphs of atoms.",
    ]
    terms = distinctive_terms(documents)
    assert "diffusion" in " ".join(terms[0]) and "image" in " ".join(terms[0])
    assert "policy" in " ".join(terms[1])
    assert any("graph" in t or "molecul" in t for t in terms[2])
    for region_terms in terms:  # words common to every abstract name no region
        assert not {"models", "learning", "using"} & set(region_terms)


def test_a_chosen_phrase_is_not_repeated_by_its_words():
    terms = distinctive_terms(["image generation image generation image generation", "graphs"])[0]
    words = [word for term in terms for word in term.split()]
    assert len(words) == len(set(words))


def test_labels_join_terms_and_an_empty_region_still_has_a_name():
    assert label(["diffusion", "image generation"]) == "diffusion · image generation"
    assert label([]) == "unnamed region"
    assert distinctive_terms(["", "graph networks"])[0] == []


def test_fine_regions_nest_inside_coarse_ones_and_follow_the_layout():
    rng = np.random.default_rng(0)
    blobs = [rng.normal(centre, 0.3, (1500, 2)) for centre in ((0, 0), (10, 0), (0, 10))]
    xy = np.concatenate(blobs).astype(np.float32)
    clusters = cluster(xy)
    coarse_count, fine_count = region_counts(len(xy))
    assert len(clusters.fine_centres) == fine_count and clusters.fine.max() == fine_count - 1
    assert clusters.coarse_of_fine.max() == coarse_count - 1
    # A fine region never straddles two blobs: the picture's islands stay apart.
    blob_of_point = np.repeat([0, 1, 2], 1500)
    for region in range(fine_count):
        assert len(set(blob_of_point[clusters.fine == region])) == 1


def test_region_counts_scale_with_the_map():
    assert region_counts(106_764) == (12, 109)
    assert region_counts(1_000_000) == (24, 200)
    assert region_counts(60) == (2, 3)


def test_a_plural_is_not_a_second_term():
    documents = ["agents agent agents agent tools tool planning planning", "graphs graph"]
    terms = distinctive_terms(documents)[0]
    assert len({t.rstrip("s") for t in terms}) == len(terms)


def test_words_every_region_shares_do_not_name_one():
    shared = "transformer attention " * 20
    documents = [shared + "protein folding " * 10, shared + "speech recognition " * 10]
    first, second = distinctive_terms(documents)
    assert "protein" in " ".join(first) and "speech" in " ".join(second)
    assert not {"transformer", "attention"} & set(first + second)
