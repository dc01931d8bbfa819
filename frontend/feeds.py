"""Atom feeds (Django's syndication framework) of the daily listing, of any category and
of any search. Each entry's id is the paper's arXiv abs URL (a tag URI for papers without
an arXiv id), so ids stay the same across runs, feeds and machines; every author is an
<author>, every category a <category>, and the abstract is the summary. Entries link to
the paper's page here and, as rel="related", to arXiv."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from frontend.links import daily_url, search_url
from papers.daily import daily_listing, parse_daily_query
from papers.filters import Filters, without_blanks
from papers.models import Paper
from papers.selectors import paper_list
from papers.sources.record import ARXIV_CATEGORY
from search import pipeline
from search.params import SearchForm, parse_search_params

ENTRIES = 50
# XML 1.0 cannot carry C0 control characters (bar tab and newlines): a title quoting what
# a reader typed drops them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def printable(text: str) -> str:
    return _CONTROL.sub("", text)


class PaperAtomFeed(Atom1Feed):
    """Atom with every author of a paper, and a link to arXiv beside the one to our page."""

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        for name in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")
        if item["arxiv_url"]:
            handler.addQuickElement("link", "", {"rel": "related", "href": item["arxiv_url"],
                                                 "title": "arXiv"})  # fmt: skip


class PaperFeed(Feed):
    feed_type = PaperAtomFeed
    author_name = "Paperscope"

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        """A bad parameter is a 400 naming it, as on the pages and the API."""
        try:
            return super().__call__(request, *args, **kwargs)
        except ValidationError as error:
            problems = "; ".join(f"{field}: {' '.join(messages)}"
                                 for field, messages in error.message_dict.items())  # fmt: skip
            return HttpResponseBadRequest(problems, content_type="text/plain; charset=utf-8")

    def item_title(self, paper: Paper) -> str:
        return paper.title_text

    def item_description(self, paper: Paper) -> str:
        return paper.abstract_text

    def item_link(self, paper: Paper) -> str:
        return reverse("frontend:paper", args=[paper.arxiv_id])

    def item_guid(self, paper: Paper) -> str:
        if paper.is_arxiv:
            return f"https://arxiv.org/abs/{paper.arxiv_id}"
        return f"tag:paperscope,2026:{paper.arxiv_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, paper: Paper) -> dt.datetime:
        return _moment(paper.published) or paper.created

    def item_updateddate(self, paper: Paper) -> dt.datetime:
        return _moment(paper.updated) or _moment(paper.published) or paper.modified

    def item_categories(self, paper: Paper) -> list[str]:
        return paper.categories

    def item_extra_kwargs(self, paper: Paper) -> dict:
        return {"authors": paper.authors, "arxiv_url": paper.abs_url if paper.is_arxiv else ""}


class DailyFeed(PaperFeed):
    """The latest day's listing (`category`, `sort` as on /daily/)."""

    def get_object(self, request: HttpRequest):
        data = {k: v for k, v in request.GET.dict().items() if k in ("category", "sort") and v}
        return daily_listing(parse_daily_query(data))

    def title(self, listing) -> str:
        category = f" in {listing.query.category}" if listing.query.category else ""
        return f"Paperscope daily: papers of {listing.label}{category}"

    def link(self, listing) -> str:
        return daily_url(listing.query)

    def items(self, listing) -> list[Paper]:
        return list(listing.papers[:ENTRIES])


class CategoryFeed(PaperFeed):
    """The newest papers of one arXiv category (any, not only the browsing chips)."""

    def __call__(self, request: HttpRequest, category: str) -> HttpResponse:
        if len(category) > 32 or not ARXIV_CATEGORY.match(category):
            return HttpResponseNotFound(f"{category!r} is not an arXiv category")
        return super().__call__(request, category=category)

    def get_object(self, request: HttpRequest, category: str) -> str:
        return category

    def title(self, category: str) -> str:
        return f"Paperscope: newest papers in {category}"

    def link(self, category: str) -> str:
        return f"{reverse('frontend:home')}?category={category}"

    def items(self, category: str) -> list[Paper]:
        return list(paper_list(Filters(categories=(category,)))[:ENTRIES])


class SearchFeed(PaperFeed):
    """Any search (the /search page's parameters), newest first: the same service."""

    def get_object(self, request: HttpRequest):
        params = without_blanks(request.GET)
        if not params.get("q") and not SearchForm.filters_given(params):
            raise ValidationError({"q": ["give a query or a filter"]})
        wanted = parse_search_params({**params, "sort": "newest", "k": str(ENTRIES), "page": "1"})
        return params, wanted

    def title(self, obj) -> str:
        _, wanted = obj
        return printable(f"Paperscope search: {wanted.text or 'filtered papers'}")

    def link(self, obj) -> str:
        params, _ = obj
        return search_url(params)

    def items(self, obj) -> list[Paper]:
        _, wanted = obj
        return [hit.paper for hit in pipeline.paper_search(wanted).hits]


def _moment(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC) if day else None
