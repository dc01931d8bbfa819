"""Pasted prose (a draft abstract) is text to find related work for: no query syntax,
every word a term, the two sides fused by z-scores; up to 5,000 characters."""

import pytest
from django.urls import reverse

from papers.embeddings import embed_papers_now
from papers.models import Paper
from search.params import parse_search_params
from search.query import PROSE_TF_POWER, PROSE_WORDS, parse_keyword_query, parse_query
from tests.factories import PaperFactory
from tests.helpers import index_keywords

DRAFT = (
    'We study "catastrophic forgetting" in continual learning -- agents that lose the '
    "ability to learn (plasticity loss) after training on a stream of tasks. author:nobody "
    "cat:cs.LG is just text here. We propose resetting dormant neurons and show that "
    "plasticity is kept across many tasks on -Atari and MuJoCo benchmarks."
)


def test_long_text_is_prose_and_its_syntax_is_only_words():
    assert len(DRAFT.split()) > PROSE_WORDS
    parsed = parse_query(DRAFT)
    assert parsed.prose and parsed.authors == [] and parsed.categories == []
    assert parsed.text == " ".join(DRAFT.split())
    keyword = parse_keyword_query(parsed.text, prose=True)
    assert keyword.phrases == [] and keyword.excluded == []
    assert {"catastroph", "atari", "nobodi", "plastic"} <= set(keyword.terms)


def test_a_word_the_text_repeats_weighs_more_than_once_less_than_its_count():
    keyword = parse_keyword_query("Plasticity loss: plasticity fades, plasticity returns.",
                                  prose=True)  # fmt: skip
    assert keyword.terms == ["plastic", "loss", "fade", "return"]
    assert keyword.weights == {"plastic": pytest.approx(3**PROSE_TF_POWER)}
    assert 1 < keyword.weights["plastic"] < 3


def test_short_text_keeps_its_syntax_unless_told_it_is_prose():
    assert not parse_query('"graph attention" -vision').prose
    assert parse_query('"graph attention" -vision', as_text=True).prose
    assert parse_search_params({"q": "a -b", "prose": "true"}).prose
    assert not parse_search_params({"q": "a -b", "prose": "false"}).prose


@pytest.mark.parametrize(("data", "ok"), [({"q": "x" * 5000}, True), ({"q": "x" * 5001}, False),
                                         ({"q": "a", "prose": "maybe"}, False)])  # fmt: skip
def test_limits(data, ok):
    from django.core.exceptions import ValidationError

    if ok:
        assert parse_search_params(data).text == data["q"]
    else:
        with pytest.raises(ValidationError):
            parse_search_params(data)


@pytest.mark.django_db
def test_a_pasted_abstract_finds_related_work_in_every_mode(client):
    related = PaperFactory(
        title="Resetting dormant neurons keeps plasticity",
        abstract="Continual reinforcement learning agents lose the ability "
        "to learn; recycling dormant neurons restores plasticity.",
    )
    PaperFactory(title="Image segmentation", abstract="Pixels labelled by convolution.")
    embed_papers_now(list(Paper.objects.values_list("id", flat=True)))
    index_keywords()
    for mode in ("hybrid", "semantic", "keyword"):
        body = client.get(reverse("api:search"), {"q": DRAFT, "mode": mode}).json()
        assert body["results"][0]["paper"]["id"] == related.arxiv_id, mode
    page = client.get(reverse("frontend:search"), {"q": DRAFT[:200], "prose": "true"})
    assert page.status_code == 200 and "Resetting dormant neurons" in page.content.decode()
