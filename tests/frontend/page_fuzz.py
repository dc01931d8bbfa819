"""The page fuzzer's parts: every server-rendered route from the URLconf, the query and form
parameters each one reads (recorded while it answers), and hostile values for both.

Nothing here names a page: a route added to the URLconf is fuzzed the next run, with the
parameters its view turns out to read."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter, PathConverter, StringConverter

# The API has a fuzzer of its own (tests/config/test_api_fuzz.py), and so has the MCP
# endpoint (tests/search/agents/test_mcp_hostile_requests.py: JSON-RPC errors, not
# pages); the admin is Django's.
NOT_PAGES = ("admin/", "api/", "mcp")

HOSTILE = [
    "\x00", "a\x00b", "\x01\x1f\x7f", "\u202e\ufeff", "%00", "%ff%fe",
    "-1", "0", "²", "١٢", "99999999999999999999", "-99999999999999999999", "1e308", "NaN",
    "0x10", "1.5",
    "2025-02-30", "0000-00-00", "9999-99-99", "2025-13-01", "1900-01-01", "",
    "x" * 6000, "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --", "cat:", "author:\"", "((((", "日本語の論文", " ",
]  # fmt: skip

# Path arguments: a hostile value of each converter's shape (a valid one comes from the
# data, see `valid_arguments`).
HOSTILE_ARGUMENTS = {
    IntConverter: ["0", "99999999999999999999", "9223372036854775808"],
    StringConverter: ["\x00", "x" * 3000, "<b>", "%ff"],
    PathConverter: ["\x00", "cs/9311102", "../../etc/passwd", "x" * 3000, "2501.00001v99"],
}
DATE_LIKE = ["2025-02-30", "0000-00-00", "9999-99-99"]


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, for reverse()
    template: str  # the pattern as written, for reports
    arguments: dict[str, type]  # path argument name -> converter class (None: a regex group)


def page_routes() -> list[Route]:
    """Every named route of the URLconf outside the API and the admin."""
    return sorted(_walk(get_resolver(), "", ""), key=lambda r: r.template)


def _walk(resolver: URLResolver, prefix: str, namespace: str) -> Iterator[Route]:
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        if pattern.startswith(NOT_PAGES):
            continue
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, pattern, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            converters = getattr(entry.pattern, "converters", {})
            groups = entry.pattern.regex.groupindex
            arguments = {name: type(converters[name]) if name in converters else None
                         for name in groups}  # fmt: skip
            yield Route(f"{namespace}{entry.name}", pattern, arguments)


def argument_values(route: Route, valid: dict[str, str]) -> list[dict[str, str]]:
    """Path arguments to try: the valid ones (`valid` by "route:name" or by name), then
    each argument hostile in turn."""
    base = {name: valid.get(f"{route.name}:{name}",
                            valid.get(name, "1" if kind is IntConverter else "x"))
            for name, kind in route.arguments.items()}  # fmt: skip
    tries = [base]
    for name, kind in route.arguments.items():
        for value in HOSTILE_ARGUMENTS.get(kind, DATE_LIKE):
            tries.append({**base, name: value})
    return tries


class RecordingQueryDict(QueryDict):
    """A QueryDict that notes which names the view asked for. A view that reads them all
    (`dict()`, `items()`...) is noted as reading any name: it gets every known one."""

    reads: set[str]

    def _note(self, key) -> None:
        self.__dict__.setdefault("reads", set()).add(key)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self._note(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)

    def _all(self, method: str, *args):
        self._note("*")
        return getattr(super(), method)(*args)

    def dict(self):
        return self._all("dict")

    def items(self):
        return self._all("items")

    def lists(self):
        return self._all("lists")

    def keys(self):
        return self._all("keys")

    def __iter__(self):
        return self._all("__iter__")

    def copy(self):
        return self._all("copy")


# route name -> method -> names read
READS: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))


class RecordParameters:
    """Middleware (tests only): swaps request.GET and request.POST for recording ones and
    files what the view read under its route."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        self.file(request)
        return response

    def process_view(self, request, view, args, kwargs):
        request.GET = RecordingQueryDict(request.META.get("QUERY_STRING", ""),
                                         encoding=request.encoding)  # fmt: skip
        if request.method == "POST" and request.content_type == (
            "application/x-www-form-urlencoded"
        ):
            request.POST = RecordingQueryDict(request.body, encoding=request.encoding)

    @staticmethod
    def file(request) -> None:
        match = getattr(request, "resolver_match", None)
        if match is None or match.view_name is None:
            return
        for method, data in (("GET", request.GET), ("POST", getattr(request, "POST", None))):
            if isinstance(data, RecordingQueryDict):
                READS[match.view_name][method] |= data.__dict__.get("reads", set())


def query_string(pairs: list[tuple[str, str]]) -> str:
    """Percent-encodes each value, except one made of escapes (`%ff%fe` goes as raw bytes,
    so a view sees invalid UTF-8)."""
    return "&".join(
        f"{quote(k)}={v if ESCAPES.fullmatch(v) else quote(v, safe='')}" for k, v in pairs
    )


ESCAPES = re.compile(r"(%[0-9a-fA-F]{2})+")
