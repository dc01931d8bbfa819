import datetime as dt

import pytest

from papers.embeddings import embed_papers_now
from tests.factories import PaperFactory
from tests.frontend.smtp_server import smtp_server
from tests.helpers import index_keywords

TOPICS = [
    ("2501.00001", "Proximal policy optimization", "Clipped policy gradients keep "
     "reinforcement learning agents stable.", ["cs.LG"], dt.date(2025, 1, 10)),
    ("2501.00002", "Image transformers", "Vision transformers classify images with "
     "self-attention over patches.", ["cs.CV"], dt.date(2025, 6, 1)),
    ("2501.00003", "Denoising diffusion models", "Image generation by learning to reverse "
     "a gradual noising process.", ["cs.CV", "cs.LG"], dt.date(2025, 3, 1)),
    ("cs/9311102", "Software agents", "An agent that predicts what users write.",
     ["cs.AI"], dt.date(1993, 10, 31)),
]  # fmt: skip


@pytest.fixture
def corpus(db):
    """Four embedded papers (real model) with a fresh keyword index."""
    papers = [
        PaperFactory(arxiv_id=i, title=t, abstract=a, categories=c, published=d,
                     authors=["Ada Lovelace", f"Author {n}"])
        for n, (i, t, a, c, d) in enumerate(TOPICS)
    ]  # fmt: skip
    embed_papers_now([p.id for p in papers])
    index_keywords()
    yield papers


@pytest.fixture
def inbox(settings):
    with smtp_server() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_BACKOFF_SECONDS = 0.01
        settings.SITE_URL = "https://papers.example.org"
        yield server
