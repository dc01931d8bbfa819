"""An author's papers and what they say of the person: co-authors, years, citations, and,
plainly, when the name may belong to more than one person (papers/names.py reads names).

Two kinds of doubt are told, never guessed away:
- initials: "Y. Bengio" may be Yoshua or another Y. Bengio. A full name's page counts the
  initials-only papers as its own only when no other full name of that initial exists;
- circles: one spelling whose papers fall into groups that share no co-author and work
  in different fields: their main primary categories' archives, computing (cs, stat,
  eess) counting as one. Co-author graphs of one prolific person fall apart too (a few
  papers with another team), and within machine learning that is no evidence of two
  people (bench/authors.py: Yoshua Bengio's 163 papers form circles of 145 and 3, in
  cs.LG and cs.CL); a circle in physics beside one in cs.LG is.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from django import forms
from django.db import connection

from papers.filters import valid_form
from papers.models import Paper
from papers.names import MAX_NAME_CHARS, Name, parse_name, search_keys

# A circle is a group of at least this many papers sharing co-authors.
CIRCLE_PAPERS = 3
# Archives one field for the circle rule: machine learning is filed under all three.
COMPUTING = frozenset(("cs", "stat", "eess"))
# Spellings of other full names with the same initial that are looked at.
OTHER_NAMES_LOOKED_AT = 200
ORDERS = ("newest", "cited")


@dataclass(frozen=True)
class Circle:
    papers: int
    coauthors: list[str]  # the most frequent, display names
    category: str  # its papers' main primary category


@dataclass
class AuthorPapers:
    name: str  # as shown: the most frequent spelling, "First Last"
    paper_ids: list[int]  # every paper counted as theirs, in the order asked
    spellings: list[tuple[str, int]]  # how the name is written, most used first
    coauthors: list[tuple[str, int]]  # display name, papers together; most first
    years: list[tuple[int, int]]  # (year, papers), oldest first
    citations: int  # summed over the papers whose counts were harvested
    cited_papers: int  # how many of them
    # Doubts, said on the page: other full names these initials may stand for, the
    # initials-only papers left out for that reason, and distinct co-author circles.
    same_initials: list[str] = field(default_factory=list)
    initials_left_out: int = 0
    circles: list[Circle] = field(default_factory=list)


_ROWS_SQL = (
    "SELECT id, authors, published, citation_count, categories[1] FROM "
    f"{Paper._meta.db_table} WHERE author_keys && %s::text[]"
)
_OTHER_NAMES_SQL = (
    f"SELECT a FROM {Paper._meta.db_table} p, unnest(p.authors) a "
    "WHERE p.author_keys @> ARRAY[%s] AND NOT p.author_keys @> ARRAY[%s] LIMIT %s"
)


def author_papers(raw_name: str, order: str = "newest") -> AuthorPapers | None:
    """The papers of the person this name writes, and what they say; None when no paper
    has the name."""
    wanted = parse_name(raw_name)
    if not wanted.surname:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_ROWS_SQL, [search_keys(wanted)])
        rows = cursor.fetchall()
        others = _other_full_names(cursor, wanted)
    mine, spellings, initials = [], Counter(), []
    for row in rows:
        written = _written_as(tuple(row[1]), wanted)
        if written is None:
            continue
        name = parse_name(written)
        if wanted.initials_only or not name.initials_only:
            mine.append(row)
            spellings[written] += 1
        else:
            initials.append((row, written))
    left_out = 0
    if others and not wanted.initials_only:
        left_out = len(initials)
        others = others if left_out else []  # no initials-only paper: no doubt to tell
    else:
        for row, written in initials:
            mine.append(row)
            spellings[written] += 1
    if not mine:
        return None
    if wanted.initials_only:
        # Full names met among the papers are who the initials may stand for.
        others = sorted({display_name(s) for s in spellings if not parse_name(s).initials_only}
                        | set(others))  # fmt: skip
        others = others if len(others) > 1 else []
    return _summary(mine, spellings, wanted, order, others, left_out)


def _summary(rows: list[tuple], spellings: Counter, wanted: Name, order: str,
             others: list[str], left_out: int) -> AuthorPapers:  # fmt: skip
    if order == "cited":
        rows.sort(key=lambda r: (r[3] if r[3] is not None else -1, r[0]), reverse=True)
    else:
        rows.sort(key=lambda r: (r[2] or dt.date.min, r[0]), reverse=True)
    coauthors = Counter()
    shown: dict[str, Counter] = {}
    for _, authors, *_ in rows:
        for key, shown_as in _coauthors(tuple(authors), wanted):
            coauthors[key] += 1
            shown.setdefault(key, Counter())[shown_as] += 1
    years = Counter(r[2].year for r in rows if r[2])
    cited = [r[3] for r in rows if r[3] is not None]
    return AuthorPapers(
        name=display_name(spellings.most_common(1)[0][0]),
        paper_ids=[r[0] for r in rows],
        spellings=spellings.most_common(),
        coauthors=[(shown[k].most_common(1)[0][0], n) for k, n in coauthors.most_common(30)],
        years=sorted(years.items()),
        citations=sum(cited),
        cited_papers=len(cited),
        same_initials=others,
        initials_left_out=left_out,
        circles=circles(rows, wanted),
    )


def circles(rows: list[tuple], wanted: Name) -> list[Circle]:
    """The groups of these papers that share no co-author, when two or more of at least
    CIRCLE_PAPERS papers work in different fields; [] otherwise."""
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_paper: dict[str, int] = {}
    for i, (_, authors, *_) in enumerate(rows):
        for key, _ in _coauthors(tuple(authors), wanted):
            if key in first_paper:
                parent[root(i)] = root(first_paper[key])
            else:
                first_paper[key] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(rows)):
        groups.setdefault(root(i), []).append(i)
    big = sorted((g for g in groups.values() if len(g) >= CIRCLE_PAPERS), key=len, reverse=True)
    found = []
    for group in big:
        categories = Counter(rows[i][4] for i in group if rows[i][4])
        names = Counter(shown for i in group for _, shown in _coauthors(tuple(rows[i][1]), wanted))
        found.append(Circle(len(group), [n for n, _ in names.most_common(3)],
                            categories.most_common(1)[0][0] if categories else ""))  # fmt: skip
    if len({field_of(c.category) for c in found}) < 2:
        return []
    return found


def field_of(category: str) -> str:
    """The field of a category for the circle rule: its archive, computing as one."""
    archive = category.split(".", 1)[0]
    return "computing" if archive in COMPUTING else archive


@functools.lru_cache(maxsize=50_000)
def display_name(written: str) -> str:
    """"Bengio, Yoshua" as "Yoshua Bengio"; a name in that order already stays."""
    if "," not in written:
        return " ".join(written.split())
    surname, given = written.split(",", 1)
    return " ".join(f"{given} {surname}".split())


# Per list of authors (a paper's copies and revisions repeat it) and wanted name; bounded
# as a web worker keeps them: the largest page at 1M reads ~3,000 distinct lists.
@functools.lru_cache(maxsize=20_000)
def _written_as(authors: tuple[str, ...], wanted: Name) -> str | None:
    """The spelling of the wanted person among a paper's authors (None: the paper holds
    the key through someone else, as "bengio y" for Samy and Yoshua alike)."""
    for author in authors:
        if parse_name(author).could_be(wanted):
            return author
    return None


@functools.lru_cache(maxsize=20_000)
def _coauthors(authors: tuple[str, ...], wanted: Name) -> tuple[tuple[str, str], ...]:
    """(person key, display name) of each co-author: each author who cannot be `wanted`."""
    return tuple((name.person_key, display_name(a)) for a in authors
                 if not (name := parse_name(a)).could_be(wanted))  # fmt: skip


def _other_full_names(cursor, wanted: Name) -> list[str]:
    """Other people's full names with the wanted name's surname and initial (for a full
    name; initials are judged from the papers themselves)."""
    if not wanted.given or wanted.initials_only:
        return []
    cursor.execute(_OTHER_NAMES_SQL, [wanted.initial_key, wanted.person_key,
                                      OTHER_NAMES_LOOKED_AT])  # fmt: skip
    names = {}
    for (author,) in cursor.fetchall():
        name = parse_name(author)
        if name.initial_key == wanted.initial_key and not name.initials_only and (
                name.first != wanted.first):  # fmt: skip
            names.setdefault(name.person_key, display_name(author))
    return sorted(names.values())


class AuthorQuery(forms.Form):
    """An author page's parameters: the name (from the path), the order and the page."""

    name = forms.CharField(max_length=MAX_NAME_CHARS, strip=True)
    order = forms.ChoiceField(choices=[(o, o) for o in ORDERS], required=False,
                              help_text="newest (default) or cited: most cited first")  # fmt: skip
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000,
                              help_text="default 1")  # fmt: skip


def parse_author_query(name: str, data: Mapping) -> tuple[str, str, int]:
    """(name, order, page); raises ValidationError naming the field."""
    form = valid_form(AuthorQuery({"name": name, **{k: data[k] for k in ("order", "page")
                                                    if k in data}}))  # fmt: skip
    c = form.cleaned_data
    return c["name"], c.get("order") or "newest", c.get("page") or 1
