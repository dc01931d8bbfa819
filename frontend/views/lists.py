"""Public reading lists: a user's tag, published (papers.services.reading_list_publish).
The list's page, its Atom feed and BibTeX, copying it into one's own library, the index
of public lists, and publishing or revoking from the library. Thin: selectors and
services do the work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from frontend.feeds import ENTRIES, PaperFeed
from frontend.forms import error_list
from papers.library_io import bibtex
from papers.models import ReadingList
from papers.selectors import (
    bookmarked_ids,
    public_lists,
    reading_list,
    reading_list_bookmarks,
    with_links,
)
from papers.services import reading_list_copy, reading_list_publish, reading_list_revoke

PAGE_SIZE = 50


def _list_or_404(username: str, slug: str) -> ReadingList:
    found = reading_list(username, slug)
    if found is None:
        raise Http404("no such list, or it is private")
    return found


def list_page(request: HttpRequest, username: str, slug: str) -> HttpResponse:
    found = _list_or_404(username, slug)
    page = Paginator(reading_list_bookmarks(found), PAGE_SIZE).get_page(request.GET.get("page"))
    entries = list(page.object_list)
    papers = with_links([b.paper for b in entries])
    return render(request, "frontend/list.html", {
        "found": found, "page": page,
        "entries": list(zip(entries, papers, strict=True)),
        "bookmarked": bookmarked_ids(request.user, papers),
        "feed_url": reverse("frontend:list-feed", args=[username, slug]),
        "feed_title": f"{found.tag} · a reading list by {username}",
    })  # fmt: skip


def list_bibtex(request: HttpRequest, username: str, slug: str) -> HttpResponse:
    found = _list_or_404(username, slug)
    bookmarks = list(reading_list_bookmarks(found))
    shown = bookmarks if found.show_notes else None  # notes only where the owner shows them
    response = HttpResponse(bibtex([b.paper for b in bookmarks], shown),
                            content_type="application/x-bibtex; charset=utf-8")  # fmt: skip
    response["Content-Disposition"] = f'attachment; filename="{slug}.bib"'
    return response


class ListFeed(PaperFeed):
    """A reading list's papers, newest bookmark first."""

    def get_object(self, request: HttpRequest, username: str, slug: str) -> ReadingList:
        return _list_or_404(username, slug)

    def title(self, found: ReadingList) -> str:
        return f"{found.tag} · a reading list by {found.user.get_username()}"

    def link(self, found: ReadingList) -> str:
        return reverse("frontend:list", args=[found.user.get_username(), found.slug])

    def items(self, found: ReadingList) -> list:
        return [b.paper for b in reading_list_bookmarks(found)[:ENTRIES]]


@login_required
@require_POST
def list_copy(request: HttpRequest, username: str, slug: str) -> HttpResponse:
    found = _list_or_404(username, slug)
    added = reading_list_copy(request.user, found)
    messages.success(request, f"Copied to your library under “{found.tag}”: {added} new "
                              f"bookmark{'s' if added != 1 else ''}.")  # fmt: skip
    return redirect(_library_tag(found.tag))


def lists_index(request: HttpRequest) -> HttpResponse:
    page = Paginator(public_lists(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "frontend/lists.html", {"page": page})


@login_required
@require_POST
def list_publish(request: HttpRequest) -> HttpResponse:
    tag = request.POST.get("tag", "")
    if request.POST.get("action") == "revoke":
        reading_list_revoke(request.user, tag)
        messages.success(request, f"“{tag}” is private again; its link no longer opens.")
        return redirect(_library_tag(tag))
    try:
        found = reading_list_publish(request.user, tag, request.POST.get("visibility", "unlisted"),
                                     request.POST.get("show_notes") == "true",
                                     request.POST.get("description", ""))  # fmt: skip
    except ValidationError as error:
        for problem in error_list(error.message_dict):
            messages.error(request, f"Not published: {problem}")
        return redirect(_library_tag(tag))
    messages.success(request, f"“{tag}” is published ({found.get_visibility_display()}).")
    return redirect("frontend:list", request.user.get_username(), found.slug)


def _library_tag(tag: str) -> str:
    return f"{reverse('frontend:library')}?{urlencode({'tag': tag})}"
