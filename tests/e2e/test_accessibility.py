"""axe-core in Chromium on every main page, signed in as alice (and the pages a visitor
signed out sees first): no serious or critical violation, and no text drawn in its
background's colour (axe files a 1:1 contrast under "incomplete", not as a violation, so
it is checked here by hand). Each page is saved to var/screenshots/, and the counts print
at the end of the run."""

import pytest
from django.test import Client

from papers.models import Paper, Repository
from papers.services import bookmark_save, links_refresh
from search.following.services import saved_search_create
from search.map.models import MapRegion
from search.map.services import update_map
from search.recommend.services import feedback_save
from tests.citation_graph import LSTM, cite
from tests.e2e.axe import axe_problems
from tests.helpers import index_keywords

pytestmark = pytest.mark.django_db(transaction=True)

@pytest.fixture
def signed_in_pages(live_server, page, alice, map_corpus) -> dict[str, str]:
    """A site with a map, alice's tagged bookmarks, a saved search and feedback, alice
    signed in; the main pages' paths."""
    policy, diffusion = map_corpus["policy"], map_corpus["diffusion"]
    # Cards and the paper page with code, model and project chips for axe to read.
    Paper.objects.filter(id=policy[0].id).update(abstract=policy[0].abstract + (
        " Code: https://github.com/lab/policy. Weights: https://huggingface.co/lab/policy-7b."
        " Project page: https://lab.github.io/policy/"))  # fmt: skip
    links_refresh([policy[0].id])
    Repository.objects.filter(full_name="lab/policy").update(stars=1234)
    # The paper page with references, citers and its neighbourhood drawn.
    cite(policy[0], policy[1], policy[2], LSTM, cited_by=1200)
    cite(policy[3], policy[0], cited_by=4)
    update_map()
    index_keywords()
    for paper, tags in ((policy[0], ["rl"]), (policy[1], ["rl", "agents"]), (diffusion[0], [])):
        bookmark_save(alice, paper, note="Read this", tags=tags)
    feedback_save(alice, policy[2], "more")
    saved = saved_search_create(alice, {"name": "Policy", "q": "policy", "alert": "daily"})
    client = Client()
    client.force_login(alice)
    page.context.add_cookies([{"name": "sessionid", "url": live_server.url,
                               "value": client.cookies["sessionid"].value}])  # fmt: skip
    region = MapRegion.objects.filter(level=2).order_by("id").first()
    return {
        "home": "/",
        "search": "/search?q=policy+gradient",
        "paper": f"/papers/{policy[0].arxiv_id}/",
        "author": f"/authors/{policy[0].authors[0]}/",
        "daily": "/daily/",
        "map": "/map/",
        "region": f"/map/regions/{region.id}/",
        "library": "/library/",
        "for-you": "/for-you/",
        "saved-search": f"/saved/{saved.id}/",
        "account": "/accounts/settings/",
        "about": "/about/",
    }


def test_axe_finds_no_serious_violation_on_any_main_page(page, signed_in_pages, shot):
    problems = axe_problems(page, signed_in_pages, shot)
    assert not problems, "\n".join(problems)


def test_axe_finds_no_serious_violation_signed_out(page, map_corpus, shot):
    update_map()
    index_keywords()
    pages = {"home-signed-out": "/", "search-signed-out": "/search?q=diffusion",
             "login": "/accounts/login/", "signup": "/accounts/signup/"}  # fmt: skip
    problems = axe_problems(page, pages, shot)
    assert not problems, "\n".join(problems)
