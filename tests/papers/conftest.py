import pytest

from tests.papers.pipeline import Broker, Worker


@pytest.fixture
def unreachable_broker():
    """Point this process's Celery app at a broker that is not there, then restore it."""
    from config.celery import app

    original = app.conf.broker_url
    app.conf.broker_url = "redis+socket:///nonexistent/broker.sock"
    app.pool.force_close_all()
    yield
    app.conf.broker_url = original
    app.pool.force_close_all()


@pytest.fixture
def broker(tmp_path):
    broker = Broker(tmp_path / "broker")
    broker.directory.mkdir()
    broker.start()
    yield broker
    broker.stop()


@pytest.fixture
def workers(broker, tmp_path):
    started = []

    def start() -> Worker:
        worker = Worker(broker.url, tmp_path / f"worker{len(started)}.log")
        started.append(worker)
        worker.start()
        return worker

    yield start
    for worker in started:
        worker.stop()


HARD_TITLE = "Attention {Is} All You Need: $\\mathcal{O}(n^2)$ } unbalanced { braces"
MANY_AUTHORS = ["Zoë Müller", "Łukasz Kaiser", "김 민준", "José Ángel van der Berg"] + [
    f"Author Number{n}" for n in range(496)
]


@pytest.fixture
def hard_library(alice):
    """Alice's library of three papers that are hard to write out: LaTeX and unbalanced
    braces in a title, non-ASCII names, 500 authors, a paper without an arXiv id, a
    note over several lines and tags."""
    import datetime as dt

    from papers.services import bookmark_save
    from tests.factories import PaperFactory

    papers = [
        PaperFactory(arxiv_id="1706.03762", title=HARD_TITLE, authors=MANY_AUTHORS,
                     categories=["cs.CL", "cs.LG"], published=dt.date(2017, 6, 12),
                     abstract="The dominant sequence models.\nWe propose {new} ones."),
        PaperFactory(arxiv_id="cs/9311102", title="Software agents", authors=["Ada Lovelace"],
                     categories=["cs.AI"], published=dt.date(1993, 10, 31)),
        PaperFactory(arxiv_id="title:5f1e2d", title="A paper with no arXiv id", authors=[],
                     categories=[], published=None, abs_url="", pdf_url=""),
    ]  # fmt: skip
    bookmark_save(alice, papers[0], note="Key paper.\nRead twice; {cite} it.",
                  tags=["transformers", "to-read"])  # fmt: skip
    bookmark_save(alice, papers[1], note="", tags=["agents"])
    bookmark_save(alice, papers[2], note="no id", tags=[])
    return papers
