"""gunicorn settings (`gunicorn -c python:config.gunicorn config.wsgi`).

Each worker warms up before it takes requests: it loads the query encoder and opens the
keyword index (search/warmup.py) and builds the map's payload, so no user's first search
or map pays for that.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = 60
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
# The longest request line gunicorn takes short of "unlimited" (its default is 4,094 bytes,
# too short for a pasted abstract as `q`); a longer one is a 414, documented in the schema.
limit_request_line = 8190


def post_worker_init(worker):
    from search.map.selectors import warm_payload
    from search.warmup import warm_up

    warm_up(warm_payload)
