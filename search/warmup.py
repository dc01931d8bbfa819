"""Load what the first search would otherwise wait for (web workers call this at start)."""

import logging

from django.db import connections

logger = logging.getLogger(__name__)


def warm_up() -> None:
    from papers import encoder
    from search.keyword import index_cache

    try:
        index_cache.get()
        encoder.encode(["warm up"])
    except Exception:  # a worker that cannot warm up still serves; searches retry lazily
        logger.exception("warm-up failed")
    finally:
        connections.close_all()  # do not hand a connection made here to request threads
