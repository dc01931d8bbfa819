import datetime as dt
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parents[1]
# CI and developers keep the shared data beside the checkout; tests read it from there.
SHARED_DIR = REPO_DIR.parent / "shared"
SAMPLES_DIR = SHARED_DIR / "samples"


def pytest_configure(config):
    if not SAMPLES_DIR.is_dir():
        raise pytest.UsageError(f"the shared data must sit beside the checkout: {SHARED_DIR}")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: no throttling counts, lock-outs or cached
    status pages from the test before."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def keyword_index_dir(settings, tmp_path_factory):
    """Each test has its own keyword index directory (empty until it indexes: see
    tests.helpers.index_keywords), and readers forget the one before."""
    from search.fulltext.reader import keyword_reader

    settings.KEYWORD_INDEX_DIR = tmp_path_factory.mktemp("keyword-index")
    keyword_reader.reset()
    yield settings.KEYWORD_INDEX_DIR
    keyword_reader.reset()


@pytest.fixture(autouse=True)
def torch_query_encoder(settings, tmp_path_factory):
    """Queries encode through torch unless a test exports the ONNX encoder itself (see
    tests/papers/test_query_encoder.py): whatever a developer's var/ holds does not count."""
    settings.QUERY_ENCODER_DIR = tmp_path_factory.getbasetemp() / "no-query-encoder"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2's deliberate slowness is for attackers, not for the test suite.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def production_image(tmp_path_factory) -> dict[str, str]:
    """The image's build script run once into a temporary directory (tests/config/
    production.py): the environment that points a production process at its output."""
    from tests.config.production import build_image

    return build_image(tmp_path_factory.mktemp("image"))


@pytest.fixture
def samples() -> Path:
    return SAMPLES_DIR


@pytest.fixture
def shared() -> Path:
    return SHARED_DIR


@pytest.fixture
def map_corpus(db):
    """60 papers in three topics, with vectors (tests/map_corpus.py)."""
    from tests.map_corpus import TOPICS, add_topic_papers

    return {topic: add_topic_papers(topic, 20, seed=i) for i, topic in enumerate(TOPICS)}


@pytest.fixture
def alice(db):
    from tests.factories import UserFactory

    return UserFactory(username="alice")


@pytest.fixture
def bob(db):
    from tests.factories import UserFactory

    return UserFactory(username="bob")


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(alice, bob):
    from django.test import Client

    other = Client()
    other.force_login(bob)
    return other


# Figures that tests record for the end of the run (the API fuzz test's counts).
RUN_FIGURES: dict[str, dict] = {}


def pytest_terminal_summary(terminalreporter):
    for title, figures in RUN_FIGURES.items():
        terminalreporter.write_sep("-", title)
        for name, value in figures.items():
            terminalreporter.write_line(f"{name}: {value}")


# Pages and digests share these (tests/frontend, tests/search/following).
SITE_PAPERS = [
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
    from papers.embeddings import embed_papers_now
    from tests.factories import PaperFactory
    from tests.helpers import index_keywords

    papers = [
        PaperFactory(arxiv_id=i, title=t, abstract=a, categories=c, published=d,
                     authors=["Ada Lovelace", f"Author {n}"])
        for n, (i, t, a, c, d) in enumerate(SITE_PAPERS)
    ]  # fmt: skip
    embed_papers_now([p.id for p in papers])
    index_keywords()
    yield papers


@pytest.fixture
def inbox(settings):
    """A real SMTP server on 127.0.0.1 that mail goes to."""
    from tests.smtp_server import smtp_server

    with smtp_server() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_BACKOFF_SECONDS = 0.01
        settings.SITE_URL = "https://papers.example.org"
        yield server
