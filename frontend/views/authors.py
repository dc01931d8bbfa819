"""An author's page: their papers, co-authors, years, regions, and following them. Thin:
search.authors.selectors reads it all."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from frontend.forms import error_list
from frontend.links import search_feed_url
from papers.authors import parse_author_query
from papers.selectors import bookmarked_ids
from search.authors.selectors import PAGE_SIZE
from search.authors.selectors import author_page as read_author_page


def author_page(request: HttpRequest, name: str) -> HttpResponse:
    try:
        name, order, page = parse_author_query(name, request.GET)
    except ValidationError as error:
        return render(request, "frontend/author.html",
                      {"errors": error_list(error.message_dict)}, status=400)  # fmt: skip
    found = read_author_page(name, order, page)
    if found is None:
        raise Http404("no papers by this author")
    return render(request, "frontend/author.html", {
        "found": found, "author": found.author, "name": name, "order": order,
        "start": (found.page - 1) * PAGE_SIZE + 1,
        "bookmarked": bookmarked_ids(request.user, found.papers),
        "feed_url": search_feed_url({"person": found.author.name}),
        "feed_title": f"Paperscope: papers by {found.author.name}",
    })  # fmt: skip
