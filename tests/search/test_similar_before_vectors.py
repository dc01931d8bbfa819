"""Similar papers before vectors: while a paper has no vector (a backfill takes hours),
its similar papers come from its most distinctive words, and the API, the page and the
MCP tool say so; once its vector arrives, meaning takes over."""

import pytest

from papers.embeddings import embed_papers_now
from papers.models import Embedding
from tests.factories import PaperFactory
from tests.helpers import index_keywords
from tests.search.agents.conftest import call, http_client

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def unembedded():
    """Three diffusion papers, two on reinforcement learning, none with a vector."""
    papers = {
        "target": PaperFactory(arxiv_id="2502.00001", title="Denoising diffusion samplers",
                               abstract="Score-based denoising diffusion samplers generate "
                                        "images by reversing a noising process."),
        "close": PaperFactory(arxiv_id="2502.00002", title="Faster diffusion samplers",
                              abstract="We speed up denoising diffusion samplers for image "
                                       "generation with fewer noising steps."),
        "also": PaperFactory(arxiv_id="2502.00003", title="Score-based generative models",
                             abstract="Score-based models reverse a noising process."),
        "far": PaperFactory(arxiv_id="2502.00004", title="Policy gradients",
                            abstract="Clipped policy gradients for reinforcement learning."),
        "farther": PaperFactory(arxiv_id="2502.00005", title="Q-learning agents",
                                abstract="Agents learn action values from rewards."),
    }  # fmt: skip
    index_keywords()
    assert not Embedding.objects.exists()
    return papers


def test_the_api_answers_by_words_then_by_meaning(client, unembedded):
    body = client.get("/api/v1/papers/2502.00001/similar/").json()
    assert body["by"] == "words"
    ids = [r["paper"]["id"] for r in body["results"]]
    assert ids[:2] == ["2502.00002", "2502.00003"] and "2502.00001" not in ids
    assert "2502.00004" not in ids  # nothing shared, nothing listed
    assert body["results"][0]["keyword_rank"] == 1
    assert body["results"][0]["semantic_similarity"] is None

    embed_papers_now([p.id for p in unembedded.values()])
    body = client.get("/api/v1/papers/2502.00001/similar/").json()
    assert body["by"] == "meaning" and len(body["results"]) == 4
    assert body["results"][0]["semantic_similarity"] > 0


def test_the_page_says_its_list_is_by_words(client, unembedded):
    html = client.get("/papers/2502.00001/").content.decode()
    assert "By shared words: this paper's vector is still being computed" in html
    assert "Faster diffusion samplers" in html
    assert "No similar papers yet" not in html


def test_the_mcp_tool_says_by_words(live_server, unembedded):
    result = call(http_client(live_server.url), "similar_papers", {"arxiv_id": "2502.00001"})
    assert not result.is_error
    assert result.structured_content["by"] == "words"
    assert result.structured_content["results"][0]["arxiv_id"] == "2502.00002"
