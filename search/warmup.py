"""Load what the first search would otherwise wait for (web workers call this at start):
the query encoder, and the keyword index opened (never built: that is the writer's job);
and what the caller adds (gunicorn adds the map's payload, which the map's selectors build).

The query encoder, not the model: once exported to ONNX (the image does it) a web worker
never imports torch. Loading the whole model for a warm-up held 340 MB more in every web
worker (543 against 199 MB), which searches never used."""

import logging
from collections.abc import Callable

from django.db import connections

logger = logging.getLogger(__name__)


def warm_up(*also: Callable[[], None]) -> None:
    from papers import encoder
    from search.fulltext.reader import KeywordIndexUnavailable, keyword_reader

    try:
        encoder.encode_query("warm up")
        for step in also:
            step()
        keyword_reader.searcher()  # opens (maps) the index; the writer builds it
    except KeywordIndexUnavailable:
        logger.warning("no keyword index yet: searches use meaning alone until it is built")
    except Exception:  # a worker that cannot warm up still serves; searches retry lazily
        logger.exception("warm-up failed")
    finally:
        connections.close_all()  # do not hand a connection made here to request threads
