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
