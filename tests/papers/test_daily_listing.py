"""The daily listing's reads: periods, the nearest days with papers, trending and newest."""

import datetime as dt

import pytest

from papers.daily import DailyQuery, daily_listing, parse_daily_query, period_bounds
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db
MON, TUE, THU = dt.date(2026, 10, 12), dt.date(2026, 10, 13), dt.date(2026, 10, 15)


def ids(listing) -> list[str]:
    return [p.arxiv_id for p in listing.papers]


def test_period_bounds():
    assert period_bounds(THU, "day") == (THU, THU)
    assert period_bounds(THU, "week") == (MON, dt.date(2026, 10, 18))
    assert period_bounds(THU, "month") == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert period_bounds(dt.date(2028, 2, 10), "month")[1] == dt.date(2028, 2, 29)


def test_without_a_date_the_latest_day_with_papers():
    PaperFactory(arxiv_id="a", published=MON)
    PaperFactory(arxiv_id="b", published=THU)
    PaperFactory(arxiv_id="future", published=dt.date.today() + dt.timedelta(days=30))
    listing = daily_listing(DailyQuery())
    assert (listing.start, ids(listing)) == (THU, ["b"])


def test_previous_and_next_skip_empty_days():
    for day in (MON, TUE, THU):
        PaperFactory(published=day)
    listing = daily_listing(DailyQuery(date=TUE))
    assert (listing.previous, listing.next) == (MON, THU)
    assert daily_listing(DailyQuery(date=MON)).previous is None
    assert daily_listing(DailyQuery(date=THU)).next is None


def test_previous_and_next_follow_the_category():
    PaperFactory(published=MON, categories=["cs.CV"])
    PaperFactory(published=TUE, categories=["cs.CL"])
    PaperFactory(published=THU, categories=["cs.CV"])
    listing = daily_listing(DailyQuery(date=THU, category="cs.CV"))
    assert listing.previous == MON


def test_weeks_and_months_step_to_the_start_of_neighbouring_periods():
    PaperFactory(published=dt.date(2026, 10, 1))
    PaperFactory(published=THU)
    PaperFactory(published=dt.date(2026, 11, 5))
    week = daily_listing(DailyQuery(date=THU, period="week"))
    assert (week.start, week.previous, week.next) == (
        MON,
        dt.date(2026, 9, 28),
        dt.date(2026, 11, 2),
    )
    month = daily_listing(DailyQuery(date=THU, period="month"))
    assert (month.previous, month.next, len(ids(month))) == (None, dt.date(2026, 11, 1), 2)


def test_trending_is_upvotes_decayed_by_age_and_newest_breaks_ties():
    # Seen at the end of the week (Sunday the 18th): 10 votes 6 days old score 10/8^1.5 = 0.44;
    # 3 votes a day old score 3/3^1.5 = 0.58; no votes, newest first.
    PaperFactory(arxiv_id="old-popular", published=MON, upvotes=10)
    PaperFactory(arxiv_id="fresh", published=dt.date(2026, 10, 17), upvotes=3)
    PaperFactory(arxiv_id="quiet-older", published=TUE, upvotes=None)
    PaperFactory(arxiv_id="quiet-newer", published=THU, upvotes=0)
    week = daily_listing(DailyQuery(date=THU, period="week"))
    assert ids(week) == ["fresh", "old-popular", "quiet-newer", "quiet-older"]
    newest = daily_listing(DailyQuery(date=THU, period="week", sort="newest"))
    assert ids(newest) == ["fresh", "quiet-newer", "quiet-older", "old-popular"]


def test_within_a_day_trending_is_the_upvote_order():
    PaperFactory(arxiv_id="one", published=THU, upvotes=1)
    PaperFactory(arxiv_id="many", published=THU, upvotes=40)
    assert ids(daily_listing(DailyQuery(date=THU))) == ["many", "one"]


def test_every_slice_of_a_trending_listing_is_a_slice_of_its_whole_order():
    # Voted and unvoted papers are read apart; a page across the seam is still one order.
    votes = [5, None, 0, 2, None, 9, 0, 1, None, 3]
    for n, upvotes in enumerate(votes):
        PaperFactory(arxiv_id=f"p{n}", published=MON + dt.timedelta(days=n % 5), upvotes=upvotes)
    papers = daily_listing(DailyQuery(date=THU, period="month")).papers
    end = dt.date(2026, 10, 31)

    def score(p):
        return ((p.upvotes or 0) / ((end - p.published).days + 2) ** 1.5, p.published, p.arxiv_id)

    whole = [p.arxiv_id for p in sorted(papers, key=score, reverse=True)]
    assert [p.arxiv_id for p in papers] == whole
    assert papers.count() == len(papers) == len(votes)
    for start in range(len(votes) + 1):
        for stop in range(start, len(votes) + 2):
            assert [p.arxiv_id for p in papers[start:stop]] == whole[start:stop]


def test_parameters_are_checked_by_name():
    with pytest.raises(Exception) as error:
        parse_daily_query({"date": "2026-02-31", "period": "year", "sort": "best", "category": "x"})
    assert set(error.value.message_dict) == {"date", "period", "sort", "category"}
    assert parse_daily_query({"date": "2026-11-19", "period": "week"}).period == "week"
