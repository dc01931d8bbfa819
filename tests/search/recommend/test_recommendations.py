""" "For you": recent papers like the library's, with why; feedback steers them; each user
sees only what their own library suggests. Real bundled model, real keyword index."""

import datetime as dt

import pytest
from django.urls import reverse

from papers.embeddings import embed_papers_now
from papers.services import bookmark_save
from search.fulltext.schema import positioned_terms
from search.recommend.selectors import for_you
from search.recommend.services import feedback_save
from tests.factories import PaperFactory
from tests.helpers import index_keywords

pytestmark = pytest.mark.django_db
RECENT, OLD = dt.date.today() - dt.timedelta(days=3), dt.date.today() - dt.timedelta(days=400)


@pytest.fixture
def papers():
    made = {
        "saved_diffusion": ("Denoising diffusion probabilistic models",
                            "Image generation by learning to reverse a noising process.", OLD),
        "saved_grasp": ("Learning robotic grasping from images",
                        "A robot arm learns to grasp objects from camera images.", OLD),
        "new_diffusion": ("Faster sampling for denoising diffusion models",
                          "We speed up the reverse noising process of diffusion image models.",
                          RECENT),
        "new_video_diffusion": ("Video generation with diffusion models",
                                "Diffusion models generate video by reversing a noising process.",
                                RECENT),
        "new_grasp": ("Grasping unknown objects with a robot hand",
                      "A robot hand learns grasps for objects it has never seen.", RECENT),
        "new_language": ("Scaling laws for language models",
                         "Loss falls as a power law in model size and data.", RECENT),
        "old_diffusion": ("Score matching for diffusion", "Diffusion by score matching.", OLD),
        "new_hand": ("Dexterous robot hands that grasp", "A robot hand learns dexterous grasping.",
                     RECENT),
    }  # fmt: skip
    out = {name: PaperFactory(title=t, abstract=a, published=d) for name, (t, a, d) in made.items()}
    embed_papers_now([p.id for p in out.values()])
    index_keywords()
    return out


def words(paper) -> set[str]:
    return {term for _, term in positioned_terms(f"{paper.title} {paper.abstract}")}


def names(found, papers):
    by_id = {p.id: n for n, p in papers.items()}
    return [by_id[r.paper_id] for r in found]


def test_recent_papers_like_the_library_first_with_the_reason(alice, papers):
    bookmark_save(alice, papers["saved_diffusion"])
    found = for_you(alice)
    ranked = names(found, papers)
    assert ranked[0] in ("new_diffusion", "new_video_diffusion")
    assert "old_diffusion" not in ranked and "saved_diffusion" not in ranked
    assert ranked.index("new_video_diffusion") < ranked.index("new_language")
    assert found[0].because == [papers["saved_diffusion"].id]
    # The reason: words both papers hold (the library paper's and the recommended one's).
    shared = words(papers["saved_diffusion"]) & words(found[0].paper)
    assert found[0].terms and set(found[0].terms) <= shared


def test_a_tag_recommends_from_that_tag_alone(alice, papers):
    bookmark_save(alice, papers["saved_diffusion"], tags=["generative"])
    bookmark_save(alice, papers["saved_grasp"], tags=["robots"])
    assert names(for_you(alice, tag="robots"), papers)[0] == "new_grasp"
    assert names(for_you(alice, tag="generative"), papers)[0] != "new_grasp"


def scores(found, papers):
    by_id = {p.id: n for n, p in papers.items()}
    return {by_id[r.paper_id]: r.score for r in found}


def test_not_relevant_removes_the_paper_and_lowers_its_neighbours(alice, papers):
    bookmark_save(alice, papers["saved_diffusion"])
    before = scores(for_you(alice), papers)
    feedback_save(alice, papers["new_video_diffusion"], "dismissed")
    after = scores(for_you(alice), papers)
    assert "new_video_diffusion" in before and "new_video_diffusion" not in after
    # Its neighbour falls against a paper unlike it.
    assert (after["new_diffusion"] - after["new_language"]
            < before["new_diffusion"] - before["new_language"])  # fmt: skip


def test_more_like_this_pulls_its_neighbours_up(alice, papers):
    bookmark_save(alice, papers["saved_diffusion"])
    before = names(for_you(alice), papers)
    feedback_save(alice, papers["new_grasp"], "more")
    found = for_you(alice)
    after = names(found, papers)
    assert "new_grasp" not in after  # asked about: now part of the library
    assert after.index("new_hand") < before.index("new_hand")
    assert found[after.index("new_hand")].because == [papers["new_grasp"].id]


def test_the_api_serves_each_user_their_own(alice_client, bob_client, alice, bob, papers):
    bookmark_save(alice, papers["saved_diffusion"])
    bookmark_save(bob, papers["saved_grasp"])
    mine = alice_client.get(reverse("api:recommendations"), {"k": 3}).json()
    theirs = bob_client.get(reverse("api:recommendations"), {"k": 3}).json()
    assert mine[0]["because"] == [papers["saved_diffusion"].arxiv_id]
    assert theirs[0]["paper"]["title"] == "Grasping unknown objects with a robot hand"
    assert theirs[0]["because"] == [papers["saved_grasp"].arxiv_id]
    assert alice_client.get(reverse("api:recommendations"), {"days": "0"}).status_code == 400
    feedback = reverse("api:recommendation-feedback")
    sent = alice_client.post(feedback, {"paper_id": mine[0]["paper"]["id"], "kind": "dismissed"},
                             content_type="application/json")  # fmt: skip
    assert sent.status_code == 204
    again = alice_client.get(reverse("api:recommendations"), {"k": 3}).json()
    assert mine[0]["paper"]["id"] not in [r["paper"]["id"] for r in again]
    assert alice_client.post(feedback, {"paper_id": "9999.99999", "kind": "more"},
                             content_type="application/json").status_code == 404  # fmt: skip


def test_the_page_says_why(alice_client, alice, papers):
    bookmark_save(alice, papers["saved_diffusion"])
    html = alice_client.get(reverse("frontend:for-you")).content.decode()
    assert "Because you saved" in html and "Denoising diffusion probabilistic models" in html
    assert "More like this" in html and "Not relevant" in html


def test_a_private_feed_per_tag(client, alice, bob, papers):
    import feedparser

    from search.following.services import feed_secret

    bookmark_save(alice, papers["saved_grasp"], tags=["robots"])
    bookmark_save(alice, papers["saved_diffusion"], tags=["generative"])
    url = reverse("frontend:feed-for-you", args=[alice.id, feed_secret(alice)])
    feed = feedparser.parse(client.get(url, {"tag": "robots"}).content)
    assert not feed.bozo
    assert feed.entries[0].title in ("Grasping unknown objects with a robot hand",
                                     "Dexterous robot hands that grasp")  # fmt: skip
    wrong = reverse("frontend:feed-for-you", args=[alice.id, feed_secret(bob)])
    assert client.get(wrong).status_code == 404
