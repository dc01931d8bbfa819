"""Digests over papers the workers have not embedded yet: send_digests computes no vector
(it never loads the model), delivers keyword matches at once, and judges a paper by
meaning in the first run after its vector arrives, never delivering it twice."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from papers import encoder, query_encoder
from papers.embeddings import embed_papers_now
from papers.models import Embedding, Paper
from search.following.models import Delivery
from tests.factories import PaperFactory
from tests.search.following.digest_helpers import follow, new_paper

pytestmark = pytest.mark.django_db


def forget_the_model() -> None:
    encoder._load.cache_clear()
    query_encoder._session.cache_clear()


def model_loaded() -> bool:
    return encoder._load.cache_info().currsize + query_encoder._session.cache_info().currsize > 0


def delivered(saved) -> list[str]:
    return sorted(Delivery.objects.filter(saved_search=saved)
                  .values_list("paper__title", flat=True))  # fmt: skip


def test_keyword_matches_go_out_now_and_meaning_matches_once_their_vector_arrives(inbox, alice):
    saved = follow(alice, "Diffusion", q="diffusion models", mode="hybrid")
    saved.created = timezone.now() - dt.timedelta(days=1)
    saved.save()
    by_words = new_paper("Diffusion models for images")
    # Close in meaning (cosine 0.52), but without the word "models": no keyword match.
    by_meaning = PaperFactory(
        title="Score-based diffusion",
        abstract="Generative learning by reversing a diffusion process that gradually adds "
        "Gaussian noise.",
    )
    new_paper("Ranking suppliers by delivery times")
    # They arrived a few hours ago; no worker has embedded them yet.
    Paper.objects.update(created=timezone.now() - dt.timedelta(hours=3))
    forget_the_model()

    call_command("send_digests")
    assert not model_loaded() and Embedding.objects.count() == 0
    assert delivered(saved) == [by_words.title]

    embed_papers_now([by_words.id, by_meaning.id])  # the workers catch up after that run
    forget_the_model()
    call_command("send_digests", "--force")
    assert not model_loaded()
    assert delivered(saved) == sorted([by_words.title, by_meaning.title])
    text = inbox.messages[-1].get_body(("plain",)).get_content()
    assert "Score-based diffusion" in text and "Diffusion models for images" not in text

    call_command("send_digests", "--force")  # nothing new: no third message
    assert len(inbox.messages) == 2
