"""Regions of the map and their names: pure functions over coordinates and texts.

Fine regions are k-means cells of the 2D layout, so each is one contiguous patch of the
picture; coarse regions join neighbouring fine ones (Ward linkage on their centres), so
the levels nest. Each region is named by its most distinctive terms: a class-based TF-IDF
(as BERTopic's c-TF-IDF) over the titles and abstracts of its papers.
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
    """The `top` most distinctive terms of each document (one document a region: its
    papers' titles and abstracts joined), by c-TF-IDF: a term's frequency in the region,
    weighted by log(1 + average words per region / the term's frequency overall). A word
    already inside a chosen phrase is not repeated ("diffusion models", not also
    "diffusion")."""
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(
        stop_words=_stopwords(),
        ngram_range=(1, 2),
        min_df=1,
        token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z0-9\-]+\b",
        max_features=200_000,
    )
    counts = vectorizer.fit_transform(documents).astype(np.float64)
    vocabulary = vectorizer.get_feature_names_out()
    words_per_region = counts.sum(axis=1).A.ravel()
    term_frequency = counts.sum(axis=0).A.ravel()
    average_words = words_per_region.mean() if len(words_per_region) else 0.0
    idf = np.log1p(average_words / np.maximum(term_frequency, 1))
    normalised = counts.multiply(1 / np.maximum(words_per_region, 1)[:, None]).tocsr()
    labels = []
    for row in range(counts.shape[0]):
        scores = normalised.getrow(row).toarray().ravel() * idf
        chosen: list[str] = []
        for term in (vocabulary[i] for i in np.argsort(-scores) if scores[i] > 0):
            if any(_overlaps(term, kept) for kept in chosen):
                continue
            chosen.append(term)
            if len(chosen) == top:
                break
        labels.append(chosen)
    return labels


def label(terms: Sequence[str]) -> str:
    return " · ".join(terms) if terms else "unnamed region"


def _overlaps(term: str, kept: str) -> bool:
    """Whether one term repeats a word of the other ("models" within "diffusion models")."""
    return bool(set(term.split()) & set(kept.split()))


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
