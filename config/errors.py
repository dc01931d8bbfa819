"""Error handlers for the whole site (config.urls sets them)."""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

RETRY_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """A 500, or a 503 with Retry-After when the database cannot be reached (a restart,
    say): the site answers and recovers by itself once the database is back.

    Rendered without the request's context: with the database gone, even reading the
    session would fail again.
    """
    error = sys.exc_info()[1]
    unavailable = isinstance(error, OperationalError | InterfaceError)
    status = 503 if unavailable else 500
    if request.path.startswith("/api/"):
        message = ("The database is unavailable; try again shortly." if unavailable
                   else "Server error.")  # fmt: skip
        response = JsonResponse({"detail": message}, status=status)
    else:
        response = HttpResponse(loader.get_template(f"{status}.html").render({}), status=status)
    if unavailable:
        response["Retry-After"] = str(RETRY_SECONDS)
    return response
