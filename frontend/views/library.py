"""The library: bookmarks by tag, search within them, export and import. Thin: forms
validate, services and selectors do the work."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import DatabaseError, InterfaceError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from frontend.forms import (
    LibraryImportForm,
)
from papers.library_io import EXPORT_FORMATS, UnreadableLibrary, export_library
from papers.selectors import (
    user_bookmark_count,
    user_bookmarks,
    user_reading_lists,
    user_tags,
)
from papers.services import (
    library_import,
)
from search import pipeline
from search.following.selectors import user_saved_searches
from search.following.services import new_papers_update

logger = logging.getLogger(__name__)

PAGE_SIZE = 25


@login_required
def library(request: HttpRequest) -> HttpResponse:
    return _library_page(request, LibraryImportForm())


def _library_page(request: HttpRequest, import_form: LibraryImportForm, status: int = 200):
    tag = request.GET.get("tag") or None
    query = " ".join(request.GET.get("q", "").split())[:500]
    bookmarks = user_bookmarks(request.user, tag)
    context = {
        "tag": tag,
        "query": query,
        "tags": user_tags(request.user),
        "saved_searches": _with_new_counts(list(user_saved_searches(request.user))),
        "import_form": import_form,
        "total": user_bookmark_count(request.user),
        "export_formats": EXPORT_FORMATS.values(),
        "published": user_reading_lists(request.user).get(tag) if tag else None,
    }
    if query:
        by_paper = {b.paper_id: b for b in bookmarks}
        try:
            hits = pipeline.search_within(query, list(by_paper))
        except (DatabaseError, InterfaceError):
            raise  # the site's 503 page
        except Exception:  # the model could not embed the query: say so, do not fail
            logger.exception("library search could not embed the query")
            messages.warning(request, "Searching by meaning is unavailable right now.")
            hits = []
        context["entries"] = [(by_paper[h.paper.id], h) for h in hits]
    else:
        page = Paginator(bookmarks, PAGE_SIZE).get_page(request.GET.get("page"))
        context["page"] = page
        context["entries"] = [(b, None) for b in page.object_list]
    return render(request, "frontend/library.html", context, status=status)


def _with_new_counts(searches: list) -> list[tuple]:
    new = new_papers_update(searches)
    return [(s, len(new[s.id])) for s in searches]


@login_required
def library_export(request: HttpRequest, extension: str) -> HttpResponse:
    by_extension = {f.extension: f for f in EXPORT_FORMATS.values()}
    if extension not in by_extension:
        raise Http404("no such export format")
    export = by_extension[extension]
    bookmarks = user_bookmarks(request.user, request.GET.get("tag") or None)
    response = HttpResponse(
        export_library(bookmarks, export.name, request.user.get_username()),
        content_type=f"{export.media_type}; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="paperscope-library.{extension}"'
    return response


@login_required
@require_POST
def library_import_view(request: HttpRequest) -> HttpResponse:
    form = LibraryImportForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            return _library_page(request, form, status=400)
        report = library_import(request.user, form.cleaned_data["text"])
    except UnreadableLibrary as error:
        form.add_error(None, str(error))
        return _library_page(request, form, status=400)
    messages.success(
        request, f"Imported {len(report.added)} new and updated {len(report.updated)} bookmarks."
    )
    if report.unknown:
        messages.warning(
            request, f"Not in Paperscope ({len(report.unknown)}): " + ", ".join(report.unknown[:50])
        )
    if report.invalid:
        messages.error(
            request, f"Skipped ({len(report.invalid)}): " + "; ".join(report.invalid[:20])
        )
    return redirect("frontend:library")
