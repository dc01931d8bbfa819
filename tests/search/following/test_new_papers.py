"""Which papers are new for a saved search: entered since, pass the filters, match the
query (every word in keyword mode, the calibrated cosine in semantic mode, either in
hybrid), never delivered twice; ranked by meaning. Vectors from the real bundled model."""

import datetime as dt

import pytest
from django.utils import timezone

from papers.embeddings import embed_papers_now
from papers.models import Paper
from search.following.new_papers import NewPapers, new_papers
from search.following.services import record_deliveries, saved_search_create
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


def make(title, abstract, **fields):
    return PaperFactory(title=title, abstract=abstract, **fields)


@pytest.fixture
def corpus():
    papers = {
        "diffusion": make("Denoising diffusion models for image synthesis",
                          "We generate images by learning to reverse a gradual noising process.",
                          categories=["cs.CV"]),
        "video": make("Video diffusion models", "Diffusion models extended to video frames.",
                      categories=["cs.CV"]),
        "grasping": make("Learning to grasp with a robot arm",
                         "A robot learns grasping from camera images and trial and error.",
                         categories=["cs.RO"]),
        "lm": make("Scaling laws for language models",
                   "Loss falls as a power law in model size, data and compute.",
                   categories=["cs.CL"]),
    }  # fmt: skip
    embed_papers_now([p.id for p in papers.values()])
    return papers


def ids(found, corpus):
    names = {p.id: name for name, p in corpus.items()}
    return [names[n.paper_id] for n in found]


def saved(alice, **fields):
    """A saved search made a day ago (so every paper of the corpus entered after it)."""
    name = fields.pop("name", None) or f"search {alice.saved_searches.count()}"
    search = saved_search_create(alice, {"name": name, **fields})
    search.created = timezone.now() - dt.timedelta(days=1)
    search.save()
    return search


SINCE = dt.timedelta(hours=1)


def test_keyword_mode_wants_every_word_phrases_and_no_excluded_word(alice, corpus):
    since = timezone.now() - SINCE
    assert ids(new_papers(saved(alice, q="diffusion models", mode="keyword"), since), corpus) \
        in (["diffusion", "video"], ["video", "diffusion"])  # fmt: skip
    search = saved(alice, q='"diffusion models" -video', mode="keyword")
    assert ids(new_papers(search, since), corpus) == ["diffusion"]
    assert ids(new_papers(saved(alice, q="diffusion robot", mode="keyword"), since), corpus) == []


def test_keyword_mode_ranks_its_matches_by_meaning(alice, corpus):
    """Every word decides what matches; the query's meaning still decides the order."""
    since = timezone.now() - SINCE
    found = new_papers(saved(alice, q="diffusion models", mode="keyword"), since)
    assert all(n.cosine is not None for n in found)
    assert [n.cosine for n in found] == sorted((n.cosine for n in found), reverse=True)


def test_semantic_mode_keeps_papers_above_the_calibrated_cosine(alice, corpus, settings):
    since = timezone.now() - SINCE
    found = new_papers(saved(alice, q="generating pictures by denoising", mode="semantic"), since)
    assert ids(found, corpus)[0] == "diffusion"
    assert "lm" not in ids(found, corpus) and "grasping" not in ids(found, corpus)
    assert all(n.cosine >= settings.SAVED_SEARCH_MIN_COSINE for n in found)


def test_hybrid_takes_either_and_ranks_by_meaning(alice, corpus):
    since = timezone.now() - SINCE
    found = ids(new_papers(saved(alice, q="image generation with diffusion"), since), corpus)
    assert found[0] == "diffusion" and "video" in found and "lm" not in found


def test_filters_apply_and_a_search_of_filters_alone_takes_every_paper(alice, corpus):
    since = timezone.now() - SINCE
    assert set(ids(new_papers(saved(alice, category=["cs.CV"]), since), corpus)) == {
        "diffusion", "video"}  # fmt: skip
    search = saved(alice, q="diffusion", category=["cs.RO"], mode="keyword")
    assert ids(new_papers(search, since), corpus) == []


def test_only_papers_that_entered_since(alice, corpus):
    Paper.objects.filter(id=corpus["video"].id).update(
        created=timezone.now() - dt.timedelta(days=3)
    )
    found = new_papers(saved(alice, q="diffusion", mode="keyword"), timezone.now() - SINCE)
    assert ids(found, corpus) == ["diffusion"]


def test_delivered_papers_never_come_again_for_that_search(alice, corpus):
    search = saved(alice, q="diffusion", mode="keyword")
    record_deliveries(None, {search.id: [corpus["diffusion"].id]})
    pool = NewPapers(timezone.now() - SINCE)
    assert ids(pool.find(search, undelivered=True), corpus) == ["video"]
    other = saved(alice, q="diffusion", mode="keyword", name="other")
    assert len(pool.find(other, undelivered=True)) == 2
