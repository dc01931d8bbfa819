"""Regions of the map and their names: pure functions over coordinates and texts.

Fine regions are k-means cells of the 2D layout, so each is one contiguous patch of the
picture; coarse regions join neighbouring fine ones (Ward linkage on their centres), so
the levels nest. Each region is named by its most distinctive terms: class-based term
weights (a c-TF-IDF variant, see distinctive_terms) over its papers' titles and abstracts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

TERMS_PER_LABEL = 3


@dataclass(frozen=True)
class Clusters:
    fine: np.ndarray  # fine region of each point
    coarse_of_fine: np.ndarray  # coarse region of each fine region
    fine_centres: np.ndarray  # (fine regions, 2)


def region_counts(points: int) -> tuple[int, int]:
    """(coarse, fine) regions for a map of this many points: growing with the square root
    (a zoom level shows about as many labels at any size), about 12 and 109 at 106k, and
    within what a screen can label."""
    root = np.sqrt(points)
    fine = int(np.clip(round(root / 3), 2, 200))
    coarse = int(np.clip(round(root / 27), 2, 24))
    return min(coarse, fine), fine


def cluster(xy: np.ndarray, seed: int = 0) -> Clusters:
    from sklearn.cluster import AgglomerativeClustering, MiniBatchKMeans

    coarse_count, fine_count = region_counts(len(xy))
    fine_count = min(fine_count, len(xy))
    kmeans = MiniBatchKMeans(n_clusters=fine_count, random_state=seed, n_init=3, batch_size=4096)
    fine = kmeans.fit_predict(xy)
    centres = kmeans.cluster_centers_
    if fine_count <= coarse_count:
        coarse_of_fine = np.arange(fine_count)
    else:
        coarse_of_fine = AgglomerativeClustering(n_clusters=coarse_count).fit_predict(centres)
    return Clusters(fine=fine, coarse_of_fine=coarse_of_fine, fine_centres=centres)


def distinctive_terms(documents: Sequence[str], top: int = TERMS_PER_LABEL) -> list[list[str]]:
    """The `top` most distinctive terms (words and two-word phrases) of each document (one
    document a region: its papers' titles and abstracts joined).

    Class-based weighting, as c-TF-IDF, with a contrastive weight: a term scores
    p(t | region) * log(p(t | region) / p(t)), its share of the region's words times how
    much likelier it is there than in the whole map (its part in how the region's words
    differ from everyone's). On the 106k map this named coarse regions apart where
    c-TF-IDF's log(1 + A / f_t) gave three of twelve the same "language · llms ·
    reasoning". A term must occur a few times (1 in 5,000 of the region's words, at
    least twice), and a word already in a chosen term is not repeated ("agent" after
    "agents", "diffusion" after "diffusion models")."""
    from sklearn.feature_extraction.text import CountVectorizer

    if not any(document.strip() for document in documents):
        return [[] for _ in documents]
    vectorizer = CountVectorizer(
        stop_words=_stopwords(),
        ngram_range=(1, 2),
        token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z0-9\-]+\b",
        max_features=200_000,
    )
    try:
        counts = vectorizer.fit_transform(documents).tocsr().astype(np.float64)
    except ValueError:  # every word a stopword: nothing to name regions by
        return [[] for _ in documents]
    vocabulary = vectorizer.get_feature_names_out()
    overall = np.asarray(counts.sum(axis=0)).ravel() / max(counts.sum(), 1)
    labels = []
    for row in range(counts.shape[0]):
        here = counts.getrow(row).toarray().ravel()
        words = here.sum()
        if not words:
            labels.append([])
            continue
        share = here / words
        enough = here >= max(2, round(words / 5_000))
        scores = np.where(
            enough, share * np.log(np.maximum(share, 1e-12) / np.maximum(overall, 1e-12)), 0
        )
        chosen: list[str] = []
        for index in np.argsort(-scores):
            if scores[index] <= 0 or len(chosen) == top:
                break
            if not any(_overlaps(vocabulary[index], kept) for kept in chosen):
                chosen.append(str(vocabulary[index]))
        labels.append(chosen)
    return labels


def label(terms: Sequence[str]) -> str:
    return " · ".join(terms) if terms else "unnamed region"


def _overlaps(term: str, kept: str) -> bool:
    """Whether one term repeats a word of the other, plurals included ("agent" after
    "agents", "models" within "diffusion models")."""
    return bool(_stems(term) & _stems(kept))


def _stems(term: str) -> set[str]:
    return {word[:-1] if word.endswith("s") and len(word) > 3 else word for word in term.split()}


# Words nearly every abstract here uses, which name no region (beside English stopwords).
# fmt: off
_DOMAIN_WORDS = frozenset((
    "via", "using", "use", "used", "based", "paper", "propose", "proposed", "show", "shows",
    "shown", "present", "presents", "approach", "approaches", "method", "methods", "results",
    "result", "new", "novel", "work", "study", "task", "tasks", "performance", "state", "art",
    "existing", "however", "different", "various", "furthermore", "moreover", "specifically",
    "particular", "model", "models", "data", "learning", "large", "problem", "problems",
    "demonstrate", "experiments", "experimental", "framework", "effective", "efficient",
    "significantly", "improve", "improves", "improved", "improvement", "achieve", "achieves",
    "provide", "provides", "recent", "recently", "including", "make", "makes", "way", "thus",
    "therefore", "address", "applications", "application", "important", "key", "introduce",
    "introduces", "extensive", "evaluate", "outperforms", "outperform", "compared", "compare",
    "higher", "lower", "better", "high", "low", "able", "set", "sets", "given", "number",
))
# fmt: on


def _stopwords() -> list[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return sorted(ENGLISH_STOP_WORDS | _DOMAIN_WORDS)
