"""Error handlers for the whole site (config.urls sets them)."""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.urls import Resolver404, resolve
from django.views import csrf, defaults
from django.views.decorators.csrf import csrf_exempt

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


def _api_or_page(status: int, message: str, page):
    """A handler answering JSON under /api/ and Django's page (our template) elsewhere."""

    def handler(request: HttpRequest, exception=None) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=status)
        return page(request, exception)

    return handler


# A URL that matches no route (/api/v1/papers/%0A/) is Django's 404, not DRF's: still JSON.
bad_request = _api_or_page(400, "Bad request.", defaults.bad_request)
permission_denied = _api_or_page(403, "Forbidden.", defaults.permission_denied)
page_not_found = _api_or_page(404, "Not found.", defaults.page_not_found)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: JSON under /api/ (a session cookie without the CSRF
    header), the site's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "CSRF check failed: send the X-CSRFToken header, or "
                                       "authenticate with a token."}, status=403)  # fmt: skip
    return csrf.csrf_failure(request, reason=reason)


@csrf_exempt  # it changes nothing, and a POST to no route is a 404, not a CSRF failure
def api_route_not_found(request: HttpRequest) -> HttpResponse:
    """Every /api/ path no route matches, DEBUG or not (Django's debug 404 is a page): a
    JSON 404, or, where only the trailing slash is missing, a 308 to the route (which
    keeps the method and body, unlike APPEND_SLASH's 301, and says so in JSON)."""
    if not request.path.endswith("/"):
        match = _resolve(request.path + "/")
        if match is not None and match.func is not api_route_not_found:
            target = request.path + "/"
            if request.META.get("QUERY_STRING"):
                target += "?" + request.META["QUERY_STRING"]
            response = JsonResponse({"detail": f"Moved to {request.path}/"}, status=308)
            response["Location"] = target
            return response
    return JsonResponse({"detail": "Not found."}, status=404)


def _resolve(path: str):
    try:
        return resolve(path)
    except Resolver404:
        return None
