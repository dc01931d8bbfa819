"""One rule, two executors (search/matching.py): which papers a search follows, judged in
memory over following's pool of new papers (what digests and "N new" use) and over the
whole corpus through the keyword index and SQL (what the growth chart counts), agree on
generated papers and searches. The vectors are generated too: what is checked is the
rule, not the model's judgement."""

import datetime as dt

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from papers import encoder
from papers.models import EMBEDDING_DIMENSIONS, Embedding
from search.following.models import SavedSearch
from search.following.new_papers import NewPapers
from search.following.selectors import saved_search_params
from search.matching import MatchRule, matching_papers
from tests.factories import PaperFactory
from tests.helpers import index_keywords

pytestmark = pytest.mark.django_db

WORDS = ["graph", "neural", "networks", "diffusion", "models", "robot", "policy", "of", "the"]
CATEGORIES = ["cs.LG", "cs.CV", "cs.CL"]
AUTHORS = ["Ada Lovelace", "Alan Turing", "Zoë Müller", "Grace Hopper"]
AUTHOR_PARTS = ["ada", "TURING", "müller", "ZOË", "ace", "hop", "x"]
DAYS = [dt.date(2024, 1, 1), dt.date(2024, 6, 1), dt.date(2025, 1, 1)]
MIN_COSINE = 0.5
# Cosines are computed in float32 by numpy here and by pgvector there, from half-precision
# vectors: a paper this close to the threshold may fall either side in either, honestly.
TOLERANCE = 0.01
BASIS = np.linalg.qr(np.random.default_rng(0).normal(size=(EMBEDDING_DIMENSIONS, 3)))[0].T

weights = st.tuples(*[st.integers(0, 3)] * 3).filter(any)
text = st.lists(st.sampled_from(WORDS), min_size=0, max_size=8).map(" ".join)
papers = st.lists(
    st.fixed_dictionaries({
        "title": st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join),
        "abstract": text,
        "categories": st.lists(st.sampled_from(CATEGORIES), max_size=2, unique=True),
        "authors": st.lists(st.sampled_from(AUTHORS), max_size=2, unique=True),
        "published": st.none() | st.sampled_from(DAYS),
        "vector": st.none() | weights,
    }),
    min_size=1, max_size=10,
)  # fmt: skip
phrase = st.lists(st.sampled_from(WORDS), min_size=2, max_size=3).map(lambda w: f'"{" ".join(w)}"')
query = st.lists(
    st.sampled_from(WORDS) | phrase | st.sampled_from(WORDS).map(lambda w: f"-{w}"), max_size=4
).map(" ".join)
searches = st.fixed_dictionaries({
    "q": query,
    "mode": st.sampled_from(["hybrid", "semantic", "keyword"]),
    "categories": st.lists(st.sampled_from(CATEGORIES), max_size=2, unique=True),
    "authors": st.lists(st.sampled_from(AUTHOR_PARTS), max_size=1),
    "person": st.sampled_from(["", *AUTHORS]),
    "after": st.none() | st.sampled_from(DAYS),
    "vector": weights,
})  # fmt: skip


def unit(w: tuple[int, ...]) -> np.ndarray:
    v = np.asarray(w, dtype=np.float32) @ BASIS
    return (v / np.linalg.norm(v)).astype(np.float32)


@examples(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(corpus=papers, search=searches)  # fmt: skip
def test_the_pool_and_the_index_follow_the_same_papers(alice, corpus, search, settings):
    settings.SAVED_SEARCH_MIN_COSINE = MIN_COSINE
    assume(search["q"].strip() or search["categories"] or search["authors"] or search["after"]
           or search["person"])  # fmt: skip
    since = dt.datetime.now(dt.UTC)
    made = {}
    for fields in corpus:
        paper = PaperFactory(**{k: v for k, v in fields.items() if k != "vector"})
        if fields["vector"] is not None:
            Embedding.objects.create(paper=paper, model_name=encoder.model_name(),
                                     vector=unit(fields["vector"]), text_hash="-")  # fmt: skip
        made[paper.id] = fields["vector"]
    index_keywords()
    vector = unit(search["vector"])
    saved = SavedSearch.objects.create(
        user=alice, name=f"s{since.timestamp()}", q=search["q"], mode=search["mode"],
        categories=search["categories"], authors=search["authors"], after=search["after"],
        person=search["person"],
        seen_at=since, query_vector=vector, query_model=encoder.model_name(),
    )  # fmt: skip
    params = saved_search_params(saved)

    in_memory = {n.paper_id for n in NewPapers(since).find(saved, since, limit=None)}
    rule = MatchRule.of(params, vector, MIN_COSINE)
    by_index = set(matching_papers(rule).papers) & set(made)

    def borderline(pid: int) -> bool:
        w = made[pid]
        return w is not None and abs(float(unit(w) @ vector) - MIN_COSINE) < TOLERANCE

    differ = {pid for pid in in_memory ^ by_index if not borderline(pid)}
    assert differ == set(), params
