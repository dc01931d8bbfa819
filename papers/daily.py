"""The daily listing (reads): papers by the day arXiv dates their first version, a week or a
month at a time, with the nearest earlier and later periods that have papers.

Trending, the default order, is upvotes decayed by age:

    trending = upvotes / (age_days + 2) ** 1.5

where age_days counts from the paper's day to the last day of the period shown (so a past
week ranks as it stood at its end), and a paper without upvotes counts 0. Within one day
that is the upvote order; over a week or a month a fresh paper with some upvotes passes
an older one with a few more, as on Hacker News, whose gravity 1.5 sits in its range of
1.5-1.8. Ties, and papers nobody voted on, go newest first.

Upvotes are counts, so a paper nobody voted on scores exactly 0 and every voted paper more:
a trending listing is its voted papers by score, then the rest newest first. It is read
as those two parts (`TrendingPapers`): the voted few through a partial index, the rest a
walk down the published index that stops at the page. Scoring every paper of the period
for one page read a whole month's rows (65k at 1M papers, 0.3-0.5 s).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from django import forms
from django.db.models import F, FloatField, Max, Min, Q, QuerySet
from django.db.models.expressions import RawSQL

from papers.filters import StrictBooleanField, StrictForm, valid_form
from papers.models import MAIN_CATEGORIES, Paper

PERIODS = ("day", "week", "month")
SORTS = ("trending", "newest", "citations")
GRAVITY = 1.5
PAGE_SIZE = 50


class DailyForm(StrictForm):
    """The listing's parameters, for the page, its feed and the API."""

    date = forms.DateField(required=False, input_formats=["%Y-%m-%d"],
                           help_text="a day in the period (YYYY-MM-DD); default: the latest day "
                                     "with papers")  # fmt: skip
    period = forms.ChoiceField(required=False, choices=[(p, p) for p in PERIODS],
                               help_text="day (default), week (from Monday) or month")  # fmt: skip
    category = forms.ChoiceField(required=False, choices=[(c, c) for c in MAIN_CATEGORIES],
                                 help_text="only papers in this category")  # fmt: skip
    sort = forms.ChoiceField(required=False, choices=[(s, s) for s in SORTS],
                             help_text="trending (default; upvotes by age) or newest")  # fmt: skip
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000,
                              help_text="default 1; at most the listing's `pages` (a later "
                                        "page is a 400 saying how many there are)")  # fmt: skip
    has_code = StrictBooleanField(required=False,
                                  help_text="true: only papers that link their code")  # fmt: skip


@dataclass(frozen=True)
class DailyQuery:
    date: dt.date | None = None
    period: str = "day"
    category: str | None = None
    sort: str = "trending"
    page: int = 1
    has_code: bool = False

    @classmethod
    def from_form(cls, data: dict) -> DailyQuery:
        return cls(date=data.get("date"), period=data.get("period") or "day",
                   category=data.get("category") or None, sort=data.get("sort") or "trending",
                   page=data.get("page") or 1, has_code=bool(data.get("has_code")))  # fmt: skip


@dataclass
class Listing:
    query: DailyQuery
    start: dt.date | None  # None: no papers at all
    end: dt.date | None
    papers: QuerySet[Paper] | TrendingPapers  # the whole period, in the listing's order
    previous: dt.date | None  # the start of the nearest earlier period with papers
    next: dt.date | None

    @property
    def label(self) -> str:
        if self.start is None:
            return "no papers yet"
        if self.query.period == "month":
            return self.start.strftime("%B %Y")
        if self.query.period == "week":
            return f"week of {self.start:%d %B %Y}"
        return self.start.strftime("%A %d %B %Y")


def period_bounds(day: dt.date, period: str) -> tuple[dt.date, dt.date]:
    """The first and last day of the period holding `day`."""
    if period == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if period == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day, day


def daily_listing(query: DailyQuery) -> Listing:
    papers = _in_category(Paper.objects.all(), query.category)
    if query.has_code:
        papers = papers.filter(link_kinds__contains=["code"])
    day = query.date or latest_day(query.category)
    if day is None:
        return Listing(query, None, None, Paper.objects.none(), None, None)
    start, end = period_bounds(day, query.period)
    # Each a walk down the published index from the period's edge.
    previous = papers.filter(published__lt=start).aggregate(day=Max("published"))["day"]
    following = papers.filter(published__gt=end, published__lte=_tomorrow()).aggregate(
        day=Min("published")
    )["day"]
    listed = papers.filter(published__range=(start, end))
    return Listing(
        query, start, end, ordered(listed, query.sort, end),
        period_bounds(previous, query.period)[0] if previous else None,
        period_bounds(following, query.period)[0] if following else None,
    )  # fmt: skip


def latest_day(category: str | None = None) -> dt.date | None:
    """The latest day with papers (up to tomorrow: time zones)."""
    papers = _in_category(Paper.objects.filter(published__lte=_tomorrow()), category)
    return papers.aggregate(day=Max("published"))["day"]


class TrendingPapers:
    """A period's papers by trending, as a sliceable sequence (what a Paginator, a feed
    and a front page read): the voted ones by score, then the others newest first."""

    def __init__(self, papers: QuerySet[Paper], as_of: dt.date):
        self._all = papers
        self.voted = papers.filter(upvotes__gt=0).annotate(trending=_trending(as_of)).order_by(
            F("trending").desc(), "-published", "-arxiv_id"
        )
        self.unvoted = newest(papers.filter(Q(upvotes__isnull=True) | Q(upvotes__lte=0)))

    @cached_property
    def _voted_count(self) -> int:
        return self.voted.count()

    def count(self) -> int:
        return self._all.count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[Paper]:
        yield from self.voted
        yield from self.unvoted

    def __getitem__(self, index: slice) -> list[Paper]:
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("TrendingPapers takes a plain slice")
        start = index.start or 0
        stop = index.stop if index.stop is not None else start + self.count()
        if stop <= start:
            return []
        voted = self._voted_count
        out = list(self.voted[start:min(stop, voted)]) if start < voted else []
        if stop > voted:
            out += list(self.unvoted[max(start - voted, 0) : stop - voted])
        return out


def newest(papers: QuerySet[Paper]) -> QuerySet[Paper]:
    # A period holds no undated paper; plain DESC is the published index read backwards
    # (DESC NULLS LAST is not, and sorted the whole period).
    return papers.order_by("-published", "-arxiv_id")


def ordered(
    papers: QuerySet[Paper], sort: str, as_of: dt.date
) -> QuerySet[Paper] | TrendingPapers:
    if sort == "newest":
        return newest(papers)
    if sort == "citations":  # most cited first (Semantic Scholar's count); never counted last
        return papers.order_by(F("citation_count").desc(nulls_last=True),
                               F("published").desc(nulls_last=True), "-arxiv_id")  # fmt: skip
    return TrendingPapers(papers, as_of)


def _trending(as_of: dt.date) -> RawSQL:
    # In double precision: PostgreSQL took numeric here, whose power() was 6x slower.
    return RawSQL(
        "COALESCE(upvotes, 0)::float8"
        " / power((GREATEST(%s::date - published, 0) + 2)::float8, %s::float8)",
        (as_of, GRAVITY), output_field=FloatField(),
    )  # fmt: skip


def _in_category(papers: QuerySet[Paper], category: str | None) -> QuerySet[Paper]:
    return papers.filter(categories__contains=[category]) if category else papers


def _tomorrow() -> dt.date:
    return dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)


def parse_daily_query(data) -> DailyQuery:
    """The listing the parameters ask for; ValidationError naming each bad field."""
    return DailyQuery.from_form(valid_form(DailyForm(data)).cleaned_data)
