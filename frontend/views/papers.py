"""A paper's page and its bookmark toggle. Thin: forms validate, services and selectors
do the work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from frontend.forms import (
    BookmarkForm,
    error_list,
)
from frontend.views.map import paper_map
from papers.library_io import bibtex_entry
from papers.models import Paper
from papers.selectors import (
    paper_by_arxiv_id,
    paper_citers,
    paper_references,
    user_bookmark,
)
from papers.services import (
    bookmark_remove,
    bookmark_save,
    mark_opened,
    mark_read,
)
from search import pipeline


def _paper_or_404(arxiv_id: str) -> Paper:
    paper = paper_by_arxiv_id(arxiv_id)
    if paper is None:
        raise Http404("no such paper")
    return paper


CITERS_PER_PAGE = 25


def paper_detail(request: HttpRequest, paper_id: str) -> HttpResponse:
    paper = _paper_or_404(paper_id)
    # An out-of-range or unreadable page number shows the last or first page.
    citers = Paginator(paper_citers(paper), CITERS_PER_PAGE).get_page(request.GET.get("citers"))
    bookmark = user_bookmark(request.user, paper.arxiv_id)
    mark_opened(request.user, paper)  # it leaves the user's suggestions
    form = BookmarkForm(
        initial={"note": bookmark.note, "tags": ", ".join(bookmark.tags)} if bookmark else None
    )
    return render(
        request,
        "frontend/paper.html",
        {
            "paper": paper,
            "similar": pipeline.similar_papers(paper, k=10),
            "bookmark": bookmark,
            "form": form,
            "bibtex": bibtex_entry(paper),
            "small_map": paper_map(paper),
            "references": paper_references(paper),
            "citers": citers,
        },
    )


@require_POST
def bookmark(request: HttpRequest, paper_id: str) -> HttpResponse:
    """Save (with note and tags when the form has them) or remove a bookmark. Answers
    JSON to the page's script, else redirects back."""
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not request.user.is_authenticated:
        if wants_json:
            return JsonResponse({"error": "log in to keep bookmarks"}, status=401)
        return redirect(f"{reverse('login')}?next={reverse('frontend:paper', args=[paper_id])}")
    paper = _paper_or_404(paper_id)
    if request.POST.get("action") == "remove":
        bookmark_remove(request.user, paper)
        saved = False
    else:
        form = BookmarkForm(request.POST)
        if not form.is_valid():
            if wants_json:
                return JsonResponse({"errors": form.errors}, status=400)
            messages.error(request, "; ".join(error_list(form.errors)))
            return _back(request, paper)
        edits = {name: form.cleaned_data[name] for name in ("note", "tags") if name in request.POST}
        bookmark_save(request.user, paper, **edits)
        saved = True
    if wants_json:
        return JsonResponse({"paper": paper.arxiv_id, "bookmarked": saved})
    messages.success(request, "Bookmarked." if saved else "Bookmark removed.")
    return _back(request, paper)


@login_required
@require_POST
def read_mark(request: HttpRequest, paper_id: str) -> HttpResponse:
    """Mark a paper read (it leaves For you and saved searches) or, `read=false`, unread."""
    paper = _paper_or_404(paper_id)
    read = request.POST.get("read", "true") != "false"
    mark_read(request.user, paper, read)
    messages.success(request, f"Marked {'read' if read else 'unread'}: “{paper.title_text}”.")
    return _back(request, paper)


def _back(request: HttpRequest, paper: Paper) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("frontend:paper", args=[paper.arxiv_id])
    return redirect(target)
