"""Pages for following topics: saving a search, a saved search's page (its results with
the new ones marked; edit, rename, delete), its private feed, and the signed
unsubscribe link from digests (one-click POST, RFC 8058). Thin: search.following does
the work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from frontend.feeds import PaperFeed
from frontend.links import search_url
from papers.selectors import arranged, bookmarked_ids
from papers.services import marks_shown
from search import pipeline
from search.following.digests import read_unsubscribe_token
from search.following.forms import SEARCH_FIELDS
from search.following.models import Alert, SavedSearch
from search.following.selectors import (
    saved_search_by_feed_secret,
    saved_search_fields,
    saved_search_params,
    saved_searches_of,
    user_saved_search,
)
from search.following.services import (
    alerts_off,
    feed_renew,
    feed_secret,
    new_papers_update,
    saved_search_create,
    saved_search_delete,
    saved_search_seen,
    saved_search_update,
)
from search.params import MODES


def _errors(error: ValidationError) -> str:
    return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())


@login_required
@require_POST
def saved_search_new(request: HttpRequest) -> HttpResponse:
    """Save the search the page shows (its parameters come with the form)."""
    try:
        saved = saved_search_create(request.user, request.POST)
    except ValidationError as error:
        messages.error(request, f"Not saved: {_errors(error)}")
        query = {k: v for k, v in request.POST.items() if k in SEARCH_FIELDS}
        return redirect(search_url(query))
    messages.success(request, f"Saved as “{saved.name}”.")
    return redirect("frontend:saved-search", saved.id)


@login_required
@never_cache  # it shows a private feed's secret URL
def saved_search_page(request: HttpRequest, saved_id: int) -> HttpResponse:
    saved = user_saved_search(request.user, saved_id)
    if saved is None:
        raise Http404("no such saved search")
    if request.method == "POST":
        return _edit(request, saved)
    try:
        wanted = saved_search_params(saved, page=request.GET.get("page") or 1)
    except ValidationError as error:
        return render(request, "400.html", {"problem": _errors(error)}, status=400)
    fresh = set(new_papers_update([saved])[saved.id])
    result = pipeline.paper_search(wanted)
    show_read = request.GET.get("show") == "read"
    shown = arranged(request.user, result.hits, lambda hit: hit.paper.id, show_read)
    hits = [(hit, hit.paper.id in fresh) for hit in shown.items]
    context = {
        "saved": saved, "fields": saved_search_fields(saved), "hits": hits, "result": result,
        "marks": shown, "show_read": show_read,
        "new_count": len(fresh), "modes": MODES, "alerts": Alert.values,
        "bookmarked": bookmarked_ids(request.user, [h.paper for h in result.hits]),
        "feed_url": request.build_absolute_uri(reverse(
            "frontend:feed-saved", args=[saved.id, feed_secret(request.user, saved)])),
        "feed_title": f"Paperscope: {saved.name}",
    }  # fmt: skip
    response = render(request, "frontend/saved_search.html", context)
    saved_search_seen(saved)  # after rendering: this visit still showed what was new
    marks_shown(request.user, [hit.paper.id for hit in shown.items])
    return response


def _edit(request: HttpRequest, saved: SavedSearch) -> HttpResponse:
    if request.POST.get("action") == "delete":
        saved_search_delete(saved)
        messages.success(request, f"Deleted “{saved.name}”.")
        return redirect("frontend:library")
    if request.POST.get("action") == "new-feed-url":
        feed_renew(request.user, saved)
        messages.success(request, "New feed URL: the old one stops working, your other feeds "
                                  "keep theirs.")  # fmt: skip
        return redirect("frontend:saved-search", saved.id)
    try:
        saved_search_update(saved, request.POST)
    except ValidationError as error:
        messages.error(request, f"Not changed: {_errors(error)}")
    else:
        messages.success(request, "Saved search updated.")
    return redirect("frontend:saved-search", saved.id)


@csrf_exempt  # mail clients POST here with no session or token (RFC 8058); the link is signed
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = read_unsubscribe_token(token)
    if found is None:
        return render(request, "frontend/unsubscribe.html", {"invalid": True}, status=400)
    user_id, saved_ids, for_you_too = found
    if request.user.is_authenticated and request.user.id != user_id:
        return render(request, "frontend/unsubscribe.html", {"not_yours": True}, status=403)
    if request.method == "POST":
        turned_off = alerts_off(user_id, saved_ids, for_you=for_you_too)
        return render(request, "frontend/unsubscribe.html",
                      {"done": turned_off, "for_you": for_you_too})  # fmt: skip
    searches = saved_searches_of(user_id, saved_ids)
    return render(request, "frontend/unsubscribe.html",
                  {"searches": searches, "for_you": for_you_too})  # fmt: skip


class SavedSearchFeed(PaperFeed):
    """A saved search's results, newest first, at a URL with its own secret (no session
    needed; a new URL for this feed kills its old one, and only its old one)."""

    def get_object(self, request: HttpRequest, saved_id: int, secret: str) -> SavedSearch:
        saved = saved_search_by_feed_secret(saved_id, secret)
        if saved is None:
            raise Http404("no such feed")
        return saved

    def title(self, saved: SavedSearch) -> str:
        return f"Paperscope: {saved.name}"

    def link(self, saved: SavedSearch) -> str:
        return reverse("frontend:saved-search", args=[saved.id])

    def items(self, saved: SavedSearch) -> list:
        params = saved_search_params(saved, sort="newest", k=50)
        return [hit.paper for hit in pipeline.paper_search(params).hits]
