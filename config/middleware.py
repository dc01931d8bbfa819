"""Request checks every page shares."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

NUL = "\x00"


class ServerTiming:
    """Every response says how long the app took to make it (Server-Timing: app;dur=ms):
    browsers' developer tools show it, and bench/scale.py reads it, so a figure is the
    server's own time and not the client's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
        return response


class RefuseNulCharacters:
    """A page request with a NUL character in its path or in a parameter's name or value
    is a 400 naming where, before any view runs: PostgreSQL text cannot hold NUL, and no
    form of ours has a use for it. The API validates its own parameters (field errors in
    JSON), so it is left to do so."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            where = self._nul_in(request)
            if where:
                problem = f"{where}: must not contain a NUL character"
                return render(request, "400.html", {"problem": problem}, status=400)
        return self.get_response(request)

    @staticmethod
    def _nul_in(request: HttpRequest) -> str | None:
        if NUL in request.path:
            return "the address"
        forms = [request.GET]
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            forms.append(request.POST)
        for form in forms:
            for name, values in form.lists():
                if NUL in name or any(NUL in value for value in values):
                    return name.replace(NUL, "\\0")
        return None
