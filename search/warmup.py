"""Load what the first search would otherwise wait for (web workers call this at start):
the model, the map's payload, and the keyword index opened (never built: that is the
writer's job)."""

import logging

from django.db import connections

logger = logging.getLogger(__name__)


def _warm_map() -> None:
    """The map's metadata and points payload, built once a worker (a second at 106k)."""
    from search.map import reads
    from search.map.build import current_layout

    layout = current_layout()
    if layout is not None:
        reads.points_payload(layout)


def warm_up() -> None:
    from papers import encoder
    from search.fulltext.reader import KeywordIndexUnavailable, keyword_reader

    try:
        encoder.encode(["warm up"])
        _warm_map()
        keyword_reader.searcher()  # opens (maps) the index; the writer builds it
    except KeywordIndexUnavailable:
        logger.warning("no keyword index yet: searches use meaning alone until it is built")
    except Exception:  # a worker that cannot warm up still serves; searches retry lazily
        logger.exception("warm-up failed")
    finally:
        connections.close_all()  # do not hand a connection made here to request threads
