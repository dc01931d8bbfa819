"""A library in the formats researchers' tools read and write: BibTeX, RIS, CSL-JSON, our
JSON export and the full account document. Formatting out, parsing in; no database.

Every export names each paper by its arXiv id in a field its readers keep (BibTeX
`eprint`, RIS `UR`, CSL `DOI` and `URL`), so each format can be imported back.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from papers.models import Bookmark, Paper, clean_note, clean_tags
from papers.sources.record import InvalidRecord, parse_arxiv_id

ACCOUNT_FORMAT = "paperscope-account"
ACCOUNT_VERSION = 1
ACCOUNT_MEDIA_TYPE = "application/vnd.paperscope.account+json"
MAX_IMPORT_ENTRIES = 5_000
ARXIV_DOI_PREFIX = "10.48550/arxiv."

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = {"a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "towards"}


def _one_line(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())


# --- BibTeX -------------------------------------------------------------------------


def bibtex(papers: Iterable[Paper], bookmarks: Iterable[Bookmark] | None = None) -> str:
    """Entries for these papers, with keys made unique by a letter (smith2024deep,
    smith2024deepb). With bookmarks, their tags and notes go in `keywords` and `annote`,
    which Zotero and JabRef read back as tags and notes."""
    extras = {b.paper_id: b for b in bookmarks or ()}
    keys = unique_keys(papers)
    return "\n".join(bibtex_entry(p, key, extras.get(p.id)) for p, key in keys)


def unique_keys(papers: Iterable[Paper]) -> list[tuple[Paper, str]]:
    seen: dict[str, int] = {}
    out = []
    for paper in papers:
        key = citation_key(paper)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key += "abcdefghijklmnopqrstuvwxyz"[min(seen[key], 26) - 1]
        out.append((paper, key))
    return out


def _with_keys(bookmarks: Iterable[Bookmark]) -> list[tuple[Bookmark, str]]:
    """Each bookmark with its paper's unique citation key."""
    bookmarks = list(bookmarks)
    keys = unique_keys(b.paper for b in bookmarks)
    return [(b, key) for b, (_, key) in zip(bookmarks, keys, strict=True)]


def bibtex_entry(paper: Paper, key: str | None = None, bookmark: Bookmark | None = None) -> str:
    """An arXiv-style @misc entry (as arXiv's own export writes it)."""
    fields = [("title", "{" + _bibtex_value(paper.title) + "}")]
    if paper.authors:
        fields.append(("author", " and ".join(_bibtex_value(a) for a in paper.authors)))
    if paper.published:
        fields.append(("year", str(paper.published.year)))
    if paper.is_arxiv:
        fields += [("eprint", paper.arxiv_id), ("archivePrefix", "arXiv")]
        if paper.categories:
            fields.append(("primaryClass", _bibtex_value(paper.categories[0])))
    if paper.abs_url:
        fields.append(("url", _bibtex_value(paper.abs_url)))
    if bookmark and bookmark.tags:
        fields.append(("keywords", _bibtex_value(", ".join(bookmark.tags))))
    if bookmark and bookmark.note:
        fields.append(("annote", _bibtex_value(bookmark.note)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key or citation_key(paper)},\n{body}\n}}\n"


def citation_key(paper: Paper) -> str:
    surname = paper.authors[0].split()[-1] if paper.authors and paper.authors[0].split() else ""
    words = [w for w in _WORD.findall(_ascii(paper.title).lower()) if w not in _STOPWORDS]
    year = str(paper.published.year) if paper.published else ""
    key = _ascii(surname).lower() + year + (words[0] if words else "")
    key = re.sub(r"[^a-z0-9]", "", key)
    return key or "arxiv" + re.sub(r"[^0-9a-z]", "", paper.arxiv_id.lower())


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _bibtex_value(text: str) -> str:
    """A field value that cannot end its entry early: LaTeX is kept (that is what BibTeX
    readers expect), but unbalanced braces are escaped and control characters dropped."""
    text = _one_line(text)
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0:
        text = text.replace("{", r"\{").replace("}", r"\}")
    return text


# --- RIS ----------------------------------------------------------------------------


def ris(bookmarks: Iterable[Bookmark]) -> str:
    """RIS records, one per bookmark: UNPB (unpublished work) is what reference managers
    map a preprint to; tags become KW and the note N1."""
    records = []
    for bookmark, key in _with_keys(bookmarks):
        paper = bookmark.paper
        lines = [("TY", "UNPB"), ("ID", key), ("TI", paper.title)]
        lines += [("AU", author) for author in paper.authors]
        if paper.published:
            date = paper.published
            lines += [("PY", str(date.year)), ("DA", date.strftime("%Y/%m/%d"))]
        lines.append(("AB", paper.abstract))
        if paper.is_arxiv:
            lines += [("PB", "arXiv"), ("M1", f"arXiv:{paper.arxiv_id}")]
            lines.append(("DO", f"10.48550/arXiv.{paper.arxiv_id}"))
        if paper.abs_url:
            lines.append(("UR", paper.abs_url))
        if paper.pdf_url:
            lines.append(("L1", paper.pdf_url))
        lines += [("KW", tag) for tag in bookmark.tags]
        if bookmark.note:
            lines.append(("N1", bookmark.note))
        # A value is one line: RIS has no escaping, so line breaks would start new tags.
        body = "".join(f"{tag}  - {_one_line(value)}\n" for tag, value in lines if value)
        records.append(body + "ER  - \n")
    return "\n".join(records)


# --- CSL-JSON -----------------------------------------------------------------------


def csl_json(bookmarks: Iterable[Bookmark]) -> list[dict]:
    """CSL-JSON items (what Zotero, Pandoc and citeproc read)."""
    items = []
    for bookmark, key in _with_keys(bookmarks):
        paper = bookmark.paper
        item: dict[str, Any] = {"id": key, "type": "article", "title": paper.title}
        if paper.authors:
            item["author"] = [csl_name(a) for a in paper.authors]
        if paper.published:
            date = paper.published
            item["issued"] = {"date-parts": [[date.year, date.month, date.day]]}
        if paper.abstract:
            item["abstract"] = paper.abstract
        if paper.is_arxiv:
            item |= {"publisher": "arXiv", "number": f"arXiv:{paper.arxiv_id}",
                     "DOI": f"10.48550/arXiv.{paper.arxiv_id}"}  # fmt: skip
        if paper.abs_url:
            item["URL"] = paper.abs_url
        if bookmark.tags:
            item["keyword"] = ", ".join(bookmark.tags)
        if bookmark.note:
            item["note"] = bookmark.note
        items.append(item)
    return items


def csl_name(name: str) -> dict[str, str]:
    """'Ada King Lovelace' as family 'Lovelace', given 'Ada King'; one word, or a name
    with a particle we cannot place, is kept whole as a literal."""
    parts = name.split()
    if len(parts) < 2 or any(p[:1].islower() for p in parts):
        return {"literal": name}
    return {"family": parts[-1], "given": " ".join(parts[:-1])}


# --- Our JSON and the account document ----------------------------------------------


def bookmarks_json(bookmarks: Iterable[Bookmark]) -> list[dict]:
    """The JSON export, which import reads back."""
    return [
        {
            "id": b.paper.arxiv_id,
            "title": b.paper.title,
            "url": b.paper.abs_url,
            "note": b.note,
            "tags": b.tags,
            "bookmarked": b.created.isoformat(),
        }
        for b in bookmarks
    ]


def account_document(username: str, bookmarks: Iterable[Bookmark]) -> dict:
    """Everything an account keeps, as one document that import accepts back."""
    return {
        "format": ACCOUNT_FORMAT,
        "version": ACCOUNT_VERSION,
        "user": username,
        "exported": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "bookmarks": bookmarks_json(bookmarks),
    }


@dataclass(frozen=True)
class ExportFormat:
    name: str
    media_type: str
    extension: str
    label: str
    render: Callable[[list[Bookmark], str], str]  # (bookmarks, username) -> document


def _json_text(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


EXPORT_FORMATS = {
    f.name: f
    for f in (
        ExportFormat("bibtex", "application/x-bibtex", "bib", "BibTeX",
                     lambda bookmarks, _: bibtex((b.paper for b in bookmarks), bookmarks)),
        ExportFormat("ris", "application/x-research-info-systems", "ris", "RIS",
                     lambda bookmarks, _: ris(bookmarks)),
        ExportFormat("csl-json", "application/vnd.citationstyles.csl+json", "csl.json",
                     "CSL-JSON", lambda bookmarks, _: _json_text(csl_json(bookmarks))),
        ExportFormat("json", "application/json", "json", "JSON",
                     lambda bookmarks, _: _json_text(bookmarks_json(bookmarks))),
        ExportFormat("account", ACCOUNT_MEDIA_TYPE, "account.json", "Account",
                     lambda bookmarks, user: _json_text(account_document(user, bookmarks))),
    )
}  # fmt: skip


def export_library(bookmarks: Iterable[Bookmark], format_name: str, username: str) -> str:
    return EXPORT_FORMATS[format_name].render(list(bookmarks), username)


# --- Import -------------------------------------------------------------------------

READABLE = (
    "arXiv ids or arxiv.org links (one or more a line), a Paperscope JSON or account "
    "export, CSL-JSON, BibTeX or RIS"
)


class UnreadableLibrary(ValueError):
    """Import input in no format we read; the message names those we do."""

    def __init__(self, reason: str):
        super().__init__(f"{reason}. Paperscope reads {READABLE}.")


@dataclass(frozen=True)
class LibraryEntry:
    arxiv_id: str
    note: str | None = None  # None: keep what a bookmark already has
    tags: list[str] | None = None
    problem: str | None = None  # what was left out of an entry that is still imported


@dataclass
class ParsedLibrary:
    format: str
    entries: list[LibraryEntry] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)  # "entry 3: reason"


def parse_library(data: str | list | dict) -> ParsedLibrary:
    """Bookmarks to import, from text in any format we read or from JSON already parsed.
    Entries that cannot be read are listed with their position and reason; input in no
    format we read raises UnreadableLibrary."""
    if isinstance(data, str):
        text = data.lstrip("\ufeff").strip()
        if "\x00" in text:
            raise UnreadableLibrary("this is a binary file")
        if text.startswith(("[", "{")):
            try:
                data = json.loads(text)
            except ValueError as error:
                raise UnreadableLibrary(f"not valid JSON ({error})") from None
        elif text.startswith("@"):
            return _parse_bibtex(text)
        elif re.match(r"TY  -", text):
            return _parse_ris(text)
        else:
            return _parse_ids(text)
    return _parse_json(data)


def _parse_json(data: list | dict) -> ParsedLibrary:
    name = "json"
    if isinstance(data, dict):
        if data.get("format") not in (None, ACCOUNT_FORMAT) or "bookmarks" not in data:
            raise UnreadableLibrary("a JSON object must be a Paperscope account export")
        data, name = data["bookmarks"], "account"
    if not isinstance(data, list):
        raise UnreadableLibrary("the bookmarks must be a JSON list")
    parsed = ParsedLibrary(name)
    for number, item in enumerate(data, 1):
        if isinstance(item, dict) and "type" in item and "tags" not in item:
            parsed.format = "csl-json"
        _add(parsed, f"entry {number}", lambda item=item: _json_entry(item))
    return parsed


def _json_entry(item) -> LibraryEntry:
    if not isinstance(item, dict):
        raise InvalidRecord("expected an object")
    # Ours has the arXiv id in `id`; CSL-JSON has its own key there, and the paper in
    # DOI, URL or number (as our CSL export writes them).
    own_id = item.get("id")
    if isinstance(own_id, str) and own_id.startswith("title:"):
        arxiv_id = own_id  # a paper without an arXiv id, as our exports name it
    else:
        arxiv_id = _first_arxiv_id(own_id, item.get("DOI"), item.get("URL"),
                                   item.get("number"), item.get("url"))  # fmt: skip
    tags = item.get("tags")
    if tags is None and isinstance(item.get("keyword"), str):
        tags = keyword_tags([item["keyword"]])
    if tags is not None and not isinstance(tags, list):
        raise InvalidRecord("tags: expected a list")
    return _entry(arxiv_id, item.get("note"), tags)


def _parse_bibtex(text: str) -> ParsedLibrary:
    parsed = ParsedLibrary("bibtex")
    pieces = (piece.strip() for piece in re.split(r"(?m)^(?=\s*@)", text))
    for number, entry in enumerate((p for p in pieces if p.startswith("@")), 1):
        if re.match(r"@(comment|preamble|string)\b", entry, re.IGNORECASE):
            continue
        fields = _bibtex_fields(entry)
        _add(parsed, f"entry {number}", lambda fields=fields: _entry(
            _first_arxiv_id(fields.get("eprint"), fields.get("doi"), fields.get("url"),
                            fields.get("arxivid")),
            _latex_free(fields["annote"]) if "annote" in fields else None,
            keyword_tags([fields["keywords"]]) if "keywords" in fields else None,
        ))  # fmt: skip
    return parsed


def _bibtex_fields(entry: str) -> dict[str, str]:
    """name = {value}, name = "value" or name = bare, with braces nested to any depth."""
    fields: dict[str, str] = {}
    position = 0
    while match := _BIBTEX_NAME.search(entry, position):
        start = position = match.end()
        opener = entry[start : start + 1]
        if opener in ("{", '"'):
            depth, position = 0, start
            while position < len(entry):
                char = entry[position]
                if char == "\\":
                    position += 2
                    continue
                depth += {"{": 1, "}": -1}.get(char, 0)
                position += 1
                if (opener == "{" and depth == 0) or (
                    opener == '"' and char == '"' and depth == 0 and position > start + 1
                ):
                    break
            value = entry[start + 1 : position - 1]
        else:
            bare = re.match(r"[^,}\s]*", entry[start:])
            value = bare.group(0) if bare else ""
            position = start + len(value)
        fields[match.group(1).lower()] = value.strip()
    return fields


_BIBTEX_NAME = re.compile(r"(?:,|\{)\s*([A-Za-z][\w-]*)\s*=\s*")


def _latex_free(text: str) -> str:
    return text.replace(r"\{", "{").replace(r"\}", "}")


def _parse_ris(text: str) -> ParsedLibrary:
    parsed = ParsedLibrary("ris")
    record: dict[str, list[str]] = {}
    number = 0
    for line in text.splitlines():
        match = re.match(r"([A-Z][A-Z0-9])  -(?: (.*))?$", line.rstrip())
        if not match:
            continue
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "ER":
            number += 1
            _add(parsed, f"record {number}", lambda r=record: _entry(
                _first_arxiv_id(*r.get("UR", []), *r.get("DO", []), *r.get("M1", []),
                                *r.get("L1", []), *r.get("AN", [])),
                "\n".join(r["N1"]) if "N1" in r else None,
                keyword_tags(r["KW"]) if "KW" in r else None,
            ))  # fmt: skip
            record = {}
        else:
            record.setdefault(tag, []).append(value)
    return parsed


def _parse_ids(text: str) -> ParsedLibrary:
    parsed = ParsedLibrary("ids")
    for line_number, line in enumerate(text.splitlines(), 1):
        for word in line.replace(",", " ").split():
            _add(parsed, f"line {line_number}", lambda w=word: LibraryEntry(parse_arxiv_id(w)))
    if not parsed.entries:
        reasons = "; ".join(parsed.invalid[:3]) or "it is empty"
        raise UnreadableLibrary(f"no arXiv id found ({reasons})")
    return parsed


def _add(parsed: ParsedLibrary, position: str, read: Callable[[], LibraryEntry]) -> None:
    if len(parsed.entries) == MAX_IMPORT_ENTRIES:
        raise UnreadableLibrary(f"more than {MAX_IMPORT_ENTRIES:,} entries in one import")
    try:
        entry = read()
    except (InvalidRecord, ValidationError) as error:
        reason = "; ".join(error.messages) if isinstance(error, ValidationError) else error
        parsed.invalid.append(f"{position}: {reason}")
        return
    parsed.entries.append(entry)
    if entry.problem:
        parsed.invalid.append(f"{position}: {entry.problem}")


def _entry(arxiv_id: str, note, tags) -> LibraryEntry:
    """An entry whose note and tags follow the bookmark rules. Tags that break them are
    left out, and said, but the paper is still bookmarked: it is what the user wanted."""
    if note is not None:
        note = clean_note(note)
    if tags is None:
        return LibraryEntry(arxiv_id, note)
    try:
        return LibraryEntry(arxiv_id, note, clean_tags(tags))
    except ValidationError as error:
        return LibraryEntry(arxiv_id, note, None, f"tags left out: {'; '.join(error.messages)}")


def keyword_tags(keywords: list[str]) -> list[str]:
    """Tags from reference managers' keywords, which are phrases separated by commas or
    semicolons ('Computer Science - Machine Learning'): one tag a phrase."""
    phrases = (p for keyword in keywords for p in re.split(r"[,;]", keyword))
    tags = ("-".join(re.findall(r"[^\s\-]+", phrase)) for phrase in phrases)
    return [tag for tag in tags if tag]


def _first_arxiv_id(*candidates) -> str:
    """The first candidate that names an arXiv paper: an id, an arxiv.org URL, an arXiv
    DOI (10.48550/arXiv.ID) or 'arXiv:ID'."""
    for candidate in candidates:
        if not isinstance(candidate, str):
            continue
        value = candidate.strip()
        if value.lower().startswith(ARXIV_DOI_PREFIX):
            value = value[len(ARXIV_DOI_PREFIX) :]
        elif value.lower().startswith("https://doi.org/" + ARXIV_DOI_PREFIX):
            value = value[len("https://doi.org/" + ARXIV_DOI_PREFIX) :]
        if value.lower().startswith("arxiv:"):
            value = value[len("arxiv:") :]
        try:
            return parse_arxiv_id(value)
        except InvalidRecord:
            continue
    raise InvalidRecord("no arXiv id (eprint, DOI, URL or id)")
