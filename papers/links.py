"""Find a paper's code, models, data, demos and project page among the links in its
abstract, its arXiv comments and its source's own fields (pure: no database).

Abstracts are LaTeX-flavoured plain text, so URLs arrive damaged: a sentence's full stop
glued on (`…/pico.`), `\\_` for `_`, `\\href{url}{url}`, a closing parenthesis, a missing
scheme (`github.com/a/b`). `found_links` cleans each, keeps the ones whose host and path
say what they are, and names one URL once (normalised: https, no `www.`, no trailing
slash, no `.git`, no query unless the host needs it).

What counts (the kind, in LinkKind's terms):
- code: a GitHub, GitLab (or a self-hosted `git.`/`gitlab.` host), Bitbucket or Codeberg
  repository (owner/name at least), an anonymised review repository
  (anonymous.4open.science/r/…), a PyPI project;
- model: a Hugging Face model (huggingface.co/owner/name, hf.co);
- data: a Hugging Face dataset, a Zenodo record (or its DOI), a Kaggle dataset or
  competition, a figshare item (or its DOI), an OSF project;
- demo: a Hugging Face Space (or *.hf.space), a YouTube video;
- project: a project page: github.io, gitlab.io, sites.google.com, or another site the
  text introduces as a page, website or demo.

Left out, on purpose: a repository the text says it used rather than wrote ("built on",
"using the toolkit at" …, see CITED), URL shorteners, file shares, and plain web pages
the text does not introduce as the paper's own: those are as often cited tools as not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from papers.models import LinkKind, PaperLink

MAX_URL_CHARS = 500

# A URL with a scheme or `www.` (classes, not IGNORECASE, which made the scan of every
# abstract 4x slower), and one of the hosts we know written without either.
_SCHEMED = re.compile(r"(?:[Hh][Tt][Tt][Pp][Ss]?://|[Ww][Ww][Ww]\.)[^\s<>\"']+")
_BARE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "huggingface.co",
               "hf.co", "zenodo.org", "kaggle.com", "figshare.com", "osf.io")  # fmt: skip
_BARE = re.compile(r"(?<![/\w.])(?i:" + "|".join(map(re.escape, _BARE_HOSTS)) + r")/[^\s<>\"']*")
# \href{url}{text}: LaTeX writes the URL twice; the second copy is text.
_HREF = re.compile(r"\\(?:href|url)\{([^}]*)\}(?:\{[^}]*\})?")
_TRAILING = ".,;:!?'\"`*>\u00bb\u201d\u2019"  # closing quotes too
_OPENERS = {")": "(", "]": "[", "}": "{"}

# Words before a repository that say the paper used someone else's code ("built on the
# toolkit at …"), unless the sentence also claims it ("our", "is available", "by us").
# Narrow on purpose: in ML abstracts nearly every repository is the authors' own (98 of
# 100 labelled by hand), and a broad rule ("from", "via") dropped mostly theirs.
CITED = re.compile(
    r"\b(?:built (?:on|upon)|based on|(?:we )?(?:use|used|using|adopt|adopted|borrow|"
    r"borrowed|leverag\w+|rely on|relies on) (?:the )?[\w\- ]{0,40}(?:toolkit|toolbox|library|"
    r"framework|implementation|codebase|package)|from the (?:official|public|original) "
    r"(?:implementation|repository|code))\b",
    re.IGNORECASE,
)
_OURS = re.compile(r"\b(?:our|ours|by us|available|accessed|downloaded|released|open-sourced|"
                   r"can be found|we (?:release|make|provide|open-source))\b",
                   re.IGNORECASE)  # fmt: skip
# Words that introduce a plain web page as the paper's own.
_PAGE = re.compile(r"\b(?:project|page|website|web site|homepage|home page|webpage|demo|"
                   r"demos|videos?|visit|results|code|dataset|data|available)\b",
                   re.IGNORECASE)  # fmt: skip

_SHORTENERS = {"bit.ly", "tinyurl.com", "aka.ms", "goo.gl", "t.co", "ow.ly", "is.gd"}
_HF_NOT_MODELS = {"datasets", "spaces", "papers", "docs", "blog", "collections", "learn",
                  "organizations", "join", "login", "models", "settings", "tasks"}  # fmt: skip
_GITHUB_NOT_OWNERS = {"orgs", "topics", "features", "marketplace", "sponsors", "about",
                      "settings", "search", "explore", "login", "apps"}  # fmt: skip


@dataclass(frozen=True)
class FoundLink:
    kind: str
    url: str
    origin: str  # PaperLink.Origin


def found_links(abstract: str, comments: str = "",
                source_links: list[str] | tuple[str, ...] = ()) -> list[FoundLink]:  # fmt: skip
    """The paper's links, in order of appearance (the source's own first: they are the
    most reliable), each URL once."""
    found: dict[str, FoundLink] = {}
    for value in source_links:  # each one URL, said to be the paper's own
        for _, url in urls_in(value)[:1]:
            _keep(found, classify(url, introduced=True, own=True), PaperLink.Origin.SOURCE)
    for origin, text in ((PaperLink.Origin.ABSTRACT, abstract),
                         (PaperLink.Origin.COMMENTS, comments)):  # fmt: skip
        for before, url in urls_in(text):
            link = classify(url)
            if link is None and _PAGE.search(_sentence_end(before, 60)):
                link = classify(url, introduced=True)  # a plain site the text presents
            if link and link[0] == LinkKind.CODE and _cited(before):
                continue
            _keep(found, link, origin)
    return list(found.values())


def _keep(found: dict[str, FoundLink], link: tuple[str, str] | None, origin: str) -> None:
    if link is not None:
        kind, url = link
        found.setdefault(url.lower(), FoundLink(kind, url, origin))


def _cited(before: str) -> bool:
    sentence = _sentence_end(before, 200)
    return bool(CITED.search(sentence[-120:])) and not _OURS.search(sentence)


def _sentence_end(before: str, chars: int) -> str:
    """The last `chars` characters before a link, within its sentence."""
    tail = before[-chars:]
    cut = max(tail.rfind(". "), tail.rfind("! "), tail.rfind("? "))
    return tail[cut + 2 :] if cut >= 0 else tail


def urls_in(text: str) -> list[tuple[str, str]]:
    """(the text before it, the cleaned URL) of every URL-looking run in the text."""
    if not text:
        return []
    if ": //" in text:  # "https: //github.com/…", as text extracted from a PDF has it
        text = re.sub(r"\b(https?):\s+//", r"\1://", text, flags=re.IGNORECASE)
    # Substring tests first: most abstracts hold no URL, and lower() costs more than these.
    schemed = "://" in text or "www." in text or "WWW." in text
    bare = (".com/" in text or ".org/" in text or ".co/" in text or ".io/" in text) and (
        _bare_host_in(text)
    )
    if not (schemed or bare):  # most abstracts, found cheaply: no regex runs on them
        return []
    text = _HREF.sub(lambda m: f" {m.group(1)} ", text).replace("\\_", "_").replace("\\~", "~")
    matches = list(_SCHEMED.finditer(text)) if schemed else []
    if bare:
        matches = sorted([*matches, *_BARE.finditer(text)], key=lambda m: m.start())
    out = []
    for match in matches:
        url = clean_url(match.group())
        if url:
            out.append((text[max(0, match.start() - 200) : match.start()], url))
    return out


def _bare_host_in(text: str) -> bool:
    """Whether a known host appears without a scheme or `www.` before it."""
    lower = text.lower()
    for host in _BARE_HOSTS:
        at = lower.find(host)
        while at >= 0:
            if not lower[max(0, at - 8) : at].endswith(("//", "www.")):
                return True
            at = lower.find(host, at + 1)
    return False


def clean_url(raw: str) -> str | None:
    """The URL without what the sentence around it glued on: a full stop, a comma, an
    unbalanced bracket, LaTeX braces; None when nothing usable is left."""
    url = re.split(r"[{}\\|^]", raw, maxsplit=1)[0]
    while url:
        last = url[-1]
        if last in _TRAILING or (last in _OPENERS and url.count(last) > url.count(_OPENERS[last])):
            url = url[:-1]
        else:
            break
    if not re.match(r"https?://", url, re.IGNORECASE):
        url = "https://" + url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if "." not in host or host.endswith(".") or len(url) > MAX_URL_CHARS:
        return None
    return url


def classify(url: str, introduced: bool = False, own: bool = False) -> tuple[str, str] | None:
    """(kind, normalised URL) of a cleaned URL, or None when it is none of ours.
    `introduced`: the text calls it a page, website, demo, … (for plain web pages);
    `own`: the source lists it as the paper's own, so a URL of no other kind (a lab's
    GitHub page, a Hugging Face collection) is its project page."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().removeprefix("www.")
    except ValueError:  # a bracket in the host, a bad port: not a URL after all
        return None
    segments = [s for s in parts.path.split("/") if s]
    if segments and segments[-1].endswith(".git"):
        segments[-1] = segments[-1].removesuffix(".git")

    kind = _kind(host, segments, parts.query, introduced)
    if kind is None and own and host not in _SHORTENERS:
        kind = LinkKind.PROJECT
    if kind is None:
        return None
    # A YouTube video is named by its query (?v=…); any other query is left out.
    keep_query = parts.query and host in ("youtube.com", "m.youtube.com")
    return kind, f"https://{host}/{'/'.join(segments)}".rstrip("/") + (
        f"?{parts.query}" if keep_query else ""
    )


def _kind(host: str, segments: list[str], query: str, introduced: bool) -> str | None:
    if host in _SHORTENERS:
        return None
    if host == "github.com":
        ok = len(segments) >= 2 and segments[0].lower() not in _GITHUB_NOT_OWNERS
        return LinkKind.CODE if ok else None
    if host in ("gitlab.com", "bitbucket.org", "codeberg.org") or (
        host.startswith(("git.", "gitlab.")) and "." in host.split(".", 1)[1]
    ):
        return LinkKind.CODE if len(segments) >= 2 else None
    if host == "anonymous.4open.science":
        return LinkKind.CODE if len(segments) >= 2 and segments[0] == "r" else None
    if host == "pypi.org":
        return LinkKind.CODE if len(segments) >= 2 and segments[0] == "project" else None
    if host in ("huggingface.co", "hf.co"):
        return _hugging_face(segments)
    if host.endswith(".hf.space"):
        return LinkKind.DEMO
    if host == "zenodo.org":
        return LinkKind.DATA if segments and segments[0] in ("record", "records", "doi") else None
    if host in ("doi.org", "dx.doi.org"):
        doi = "/".join(segments).lower()
        return LinkKind.DATA if ("zenodo" in doi or "figshare" in doi) else None
    if host == "kaggle.com":
        listed = len(segments) >= 2 and segments[0] in ("datasets", "c", "competitions")
        return LinkKind.DATA if listed else None
    if host.endswith("figshare.com"):
        return LinkKind.DATA if len(segments) >= 2 else None
    if host == "osf.io":
        return LinkKind.DATA if segments else None
    if host in ("youtube.com", "m.youtube.com"):
        return LinkKind.DEMO if segments[:1] == ["watch"] and "v=" in query else None
    if host == "youtu.be":
        return LinkKind.DEMO if segments else None
    if host.endswith((".github.io", ".gitlab.io")) or host == "sites.google.com":
        return LinkKind.PROJECT
    if host in ("drive.google.com", "docs.google.com", "dropbox.com", "arxiv.org", "doi.org"):
        return None
    return LinkKind.PROJECT if introduced and segments else None


def _hugging_face(segments: list[str]) -> str | None:
    if len(segments) >= 3 and segments[0] == "datasets":
        return LinkKind.DATA
    if len(segments) >= 3 and segments[0] == "spaces":
        return LinkKind.DEMO
    if len(segments) >= 2 and segments[0] not in _HF_NOT_MODELS:
        return LinkKind.MODEL
    return None


def kinds_of(links: list[FoundLink]) -> list[str]:
    """The kinds among the links, in LinkKind's order (the paper row keeps them)."""
    if not links:  # most papers: no lookup of LinkKind's values (12 µs a paper on import)
        return []
    present = {link.kind for link in links}
    return [kind for kind in LinkKind.values if kind in present]


def repository_name(url: str) -> str | None:
    """owner/name (lower case) of a GitHub repository URL, else None."""
    parts = url.split("/")
    if len(parts) >= 5 and parts[2] == "github.com":
        return f"{parts[3]}/{parts[4]}".lower()
    return None
