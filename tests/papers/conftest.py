import pytest


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
