""" "For you" is ranked ahead of active users' visits (services.for_you_rank_active, after
each embedding batch); a visit reads the kept ranking while the library, feedback and day
it was ranked for stand, and ranks afresh once they change."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from papers.embeddings import embed_papers_now
from papers.services import bookmark_save
from search.recommend.models import Ranking
from search.recommend.selectors import for_you
from search.recommend.services import feedback_save, for_you_rank_active
from tests.factories import PaperFactory
from tests.search.recommend.test_recommendations import (
    RECENT,
    papers,  # noqa: F401  (fixture)
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def active(user):
    user.last_login = timezone.now()
    user.save()


def test_active_users_with_a_library_get_a_kept_ranking(alice, bob, papers):  # noqa: F811
    bookmark_save(alice, papers["saved_diffusion"])
    bookmark_save(bob, papers["saved_grasp"])  # bob has not logged in for long
    active(alice)
    assert for_you_rank_active() == 1
    kept = Ranking.objects.get(user=alice)
    assert [item[0] for item in kept.items][:5] == [r.paper_id for r in for_you(alice, k=5)]
    assert not Ranking.objects.filter(user=bob).exists()


def test_a_visit_reads_the_kept_ranking(alice, papers):  # noqa: F811
    bookmark_save(alice, papers["saved_diffusion"])
    active(alice)
    for_you_rank_active()
    kept = Ranking.objects.get(user=alice)
    kept.items = kept.items[::-1]  # an order no fresh ranking would give
    kept.save()
    found = for_you(alice, k=3)
    assert [r.paper_id for r in found] == [item[0] for item in kept.items[:3]]
    assert found[0].paper.id == found[0].paper_id and found[0].because_papers


def test_a_changed_library_or_feedback_ranks_afresh(alice, papers):  # noqa: F811
    bookmark_save(alice, papers["saved_diffusion"])
    active(alice)
    for_you_rank_active()
    kept = Ranking.objects.get(user=alice)
    kept.items = []  # were it read, nothing would be recommended
    kept.save()
    bookmark_save(alice, papers["saved_grasp"])
    assert for_you(alice)
    feedback_save(alice, papers["new_language"], "dismissed")
    assert papers["new_language"].id not in [r.paper_id for r in for_you(alice)]


def test_a_run_with_no_new_vectors_keeps_the_rankings_it_has(alice, papers):  # noqa: F811
    bookmark_save(alice, papers["saved_diffusion"])
    active(alice)
    for_you_rank_active()
    first = Ranking.objects.get(user=alice).ranked
    for_you_rank_active()  # the sweep's tick, say: nothing embedded since
    assert Ranking.objects.get(user=alice).ranked == first
    embed_papers_now([PaperFactory(title="Diffusion for audio", published=RECENT).id])
    for_you_rank_active()
    assert Ranking.objects.get(user=alice).ranked > first
