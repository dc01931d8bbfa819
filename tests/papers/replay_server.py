"""A real HTTP server on 127.0.0.1 that replays recorded responses, for the harvester's
tests: each request (GET, or POST with its body) is answered by the test's
`respond(params)`, which returns a Reply (status, headers, body), or a Reply that cuts the
connection mid-body. Pages in arXiv's
arXivRaw shape are built from the recorded ListRecords response's layout."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit
from xml.sax.saxutils import escape


@dataclass
class Reply:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    cut_after: int | None = None  # send this many bytes of the body, then drop the connection
    content_type: str = "text/xml; charset=utf-8"


@dataclass
class ReplayServer:
    url: str
    # Each request's query parameters, `_path`, `_at` and, for a POST, its `_body`.
    requests: list[dict[str, str]]
    headers: list[dict[str, str]]  # each request's headers, names in lower case


@contextmanager
def replay_server(respond: Callable[[dict[str, str]], Reply]) -> Iterator[ReplayServer]:
    requests: list[dict[str, str]] = []
    headers: list[dict[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):  # the name http.server calls
            self._answer(dict(parse_qsl(urlsplit(self.path).query)))

        def do_POST(self):  # the body, as text, in `_body`
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace")
            self._answer({**dict(parse_qsl(urlsplit(self.path).query)), "_body": body})

        def _answer(self, params: dict[str, str]) -> None:
            params["_path"] = urlsplit(self.path).path
            requests.append({**params, "_at": time.monotonic()})
            headers.append({name.lower(): value for name, value in self.headers.items()})
            reply = respond(params)
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.cut_after is not None:
                self.send_header("Connection", "close")
            self.end_headers()
            if reply.cut_after is not None:
                self.wfile.write(reply.body[: reply.cut_after])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(reply.body)

        def log_message(self, *args):  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield ReplayServer(f"http://127.0.0.1:{server.server_port}/oai", requests, headers)
    finally:
        server.shutdown()
        server.server_close()


_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">
<responseDate>2026-11-20T20:49:59Z</responseDate>
<request verb="ListRecords" metadataPrefix="arXivRaw">http://export.arxiv.org/oai2</request>
"""


V1_DATE = "Mon, 16 Nov 2026 10:00:00 GMT"


def oai_record(arxiv_id: str, categories: str = "cs.LG", date: str = V1_DATE,
               title: str | None = None) -> str:  # fmt: skip
    """One record as arXiv's arXivRaw ListRecords writes it."""
    title = title or f"Paper {arxiv_id} on learning"
    sets = " ".join(f"<setSpec>{c.split('.')[0]}</setSpec>" for c in categories.split())
    return f"""<record>
<header>
 <identifier>oai:arXiv.org:{arxiv_id}</identifier>
 <datestamp>2026-11-17</datestamp>
 {sets}
</header>
<metadata>
 <arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
xsi:schemaLocation="http://arxiv.org/OAI/arXivRaw/ http://arxiv.org/OAI/arXivRaw.xsd">
 <id>{arxiv_id}</id><submitter>A. Submitter</submitter><version version="v1"><date>{date}</date>\
<size>294kb</size></version><title>{escape(title)}</title><authors>Ada Lovelace, Alan Turing and \
Grace Hopper</authors><categories>{categories}</categories><comments>9 pages</comments><abstract>  \
We study {escape(title.lower())} with a method that learns from data and
report results on several benchmarks.
</abstract></arXivRaw>
</metadata>
</record>
"""


def oai_page(records: list[str], token: str | None = None, size: int | None = None,
             cursor: int = 0) -> bytes:  # fmt: skip
    if token is not None:
        tail = (f'<resumptionToken cursor="{cursor}" completeListSize="{size}">'
                f"{token}</resumptionToken>")  # fmt: skip
    elif size is not None:  # the last page of a list: an empty token
        tail = f'<resumptionToken cursor="{cursor}" completeListSize="{size}"/>'
    else:
        tail = ""
    return (_HEAD + "<ListRecords>\n" + "".join(records) + tail
            + "\n</ListRecords>\n</OAI-PMH>\n").encode()  # fmt: skip


def oai_error(code: str, message: str) -> bytes:
    return (_HEAD + f'<error code="{code}">{escape(message)}</error>\n</OAI-PMH>\n').encode()


class Pages:
    """A ListRecords list split into pages chained by resumption tokens ('page-2', ...)."""

    def __init__(self, pages: list[list[str]]):
        self.pages = pages
        self.size = sum(len(p) for p in pages)

    def reply(self, params: dict[str, str]) -> Reply:
        token = params.get("resumptionToken")
        number = int(token.split("-")[1]) if token else 1
        last = number == len(self.pages)
        body = oai_page(self.pages[number - 1], None if last else f"page-{number + 1}",
                        self.size, sum(len(p) for p in self.pages[: number - 1]))  # fmt: skip
        return Reply(body)
