"""Server-rendered pages. Thin: forms validate, papers/ and search/ do the work."""

from __future__ import annotations

import datetime as dt
import json
import logging

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import DatabaseError, InterfaceError, models
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import ValidationError

from frontend.forms import (
    BookmarkForm,
    DeleteAccountForm,
    LibraryImportForm,
    SignupForm,
    ThrottledAuthenticationForm,
)
from papers.bibtex import bibtex, bibtex_entry
from papers.bookmarks import (
    bookmark_remove,
    bookmark_save,
    bookmarked_ids,
    bookmarks_import,
    bookmarks_json,
    user_bookmarks,
    user_tags,
)
from papers.embeddings import embedding_status
from papers.models import MAIN_CATEGORIES, Bookmark, Paper
from papers.selectors import paper_list_newest
from search.api import SearchInput
from search.service import MODES, SORTS, paper_similar, search_within

logger = logging.getLogger(__name__)

PAGE_SIZE = 25
RESULTS_PER_PAGE = 20
SINCE = {"week": 7, "month": 31, "year": 366}  # home page date ranges, in days


def _embedding_status():
    # Counting current vectors hashes every paper's text: fine every few seconds, not on
    # every page view.
    return cache.get_or_set("embedding-status", embedding_status, 10)


def home(request: HttpRequest) -> HttpResponse:
    category = request.GET.get("category") or None
    if category not in MAIN_CATEGORIES:
        category = None
    since = request.GET.get("since") if request.GET.get("since") in SINCE else None
    papers = paper_list_newest(category)
    if since:
        papers = papers.filter(published__gte=dt.date.today() - dt.timedelta(days=SINCE[since]))
    page = Paginator(papers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "frontend/home.html",
        {
            "page": page,
            "category": category,
            "categories": MAIN_CATEGORIES,
            "since": since,
            "ranges": list(SINCE),
            "embedding": _embedding_status(),
            "bookmarked": bookmarked_ids(request.user, list(page.object_list)),
        },
    )


def search(request: HttpRequest) -> HttpResponse:
    params = {key: request.GET.get(key) for key in request.GET if request.GET.get(key) != ""}
    if request.GET.getlist("category"):
        params["category"] = [c for c in request.GET.getlist("category") if c]
    params.setdefault("k", RESULTS_PER_PAGE)
    context = {
        "params": params,
        "modes": MODES,
        "sorts": SORTS,
        "categories": MAIN_CATEGORIES,
        "query": params.get("q", ""),
        "mode": params.get("mode", "hybrid"),
    }
    if not any(params.get(f) for f in ("q", "category", "author", "after", "before")):
        return render(request, "frontend/search.html", context)  # the empty search page
    form = SearchInput(data=params)
    try:
        form.is_valid(raise_exception=True)
        result = form.search()
    except ValidationError as error:
        context["errors"] = _error_list(error.detail)
        return render(request, "frontend/search.html", context, status=400)
    data = form.validated_data
    pages = -(-result.total // data["k"])
    context.update(
        {
            "result": result,
            "data": data,
            "bookmarked": bookmarked_ids(request.user, [h.paper for h in result.hits]),
            "previous_page": _page_url(request, data["page"] - 1) if data["page"] > 1 else None,
            "next_page": _page_url(request, data["page"] + 1) if data["page"] < pages else None,
            "pages": pages,
            "first_rank": (data["page"] - 1) * data["k"] + 1,
        }
    )
    return render(request, "frontend/search.html", context)


def _error_list(errors: dict) -> list[str]:
    out = []
    for field, messages_ in errors.items():
        for message in messages_ if isinstance(messages_, list) else [messages_]:
            out.append(f"{field}: {message}" if field != "non_field_errors" else str(message))
    return out


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return f"{reverse('frontend:search')}?{query.urlencode()}"


def paper_detail(request: HttpRequest, paper_id: str) -> HttpResponse:
    paper = get_object_or_404(Paper.objects.defer("search_vector"), arxiv_id=paper_id)
    bookmark = None
    if request.user.is_authenticated:
        bookmark = Bookmark.objects.filter(user=request.user, paper=paper).first()
    form = BookmarkForm(
        initial={"note": bookmark.note, "tags": ", ".join(bookmark.tags)} if bookmark else None
    )
    return render(
        request,
        "frontend/paper.html",
        {
            "paper": paper,
            "similar": paper_similar(paper, k=10),
            "bookmark": bookmark,
            "form": form,
            "bibtex": bibtex_entry(paper),
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
    paper = get_object_or_404(Paper.objects.only("id", "arxiv_id"), arxiv_id=paper_id)
    if request.POST.get("action") == "remove":
        bookmark_remove(request.user, paper)
        saved = False
    else:
        form = BookmarkForm(request.POST)
        if not form.is_valid():
            if wants_json:
                return JsonResponse({"errors": form.errors}, status=400)
            messages.error(request, "; ".join(_error_list(form.errors)))
            return _back(request, paper)
        edits = {name: form.cleaned_data[name] for name in ("note", "tags") if name in request.POST}
        bookmark_save(request.user, paper, **edits)
        saved = True
    if wants_json:
        return JsonResponse({"paper": paper.arxiv_id, "bookmarked": saved})
    messages.success(request, "Bookmarked." if saved else "Bookmark removed.")
    return _back(request, paper)


def _back(request: HttpRequest, paper: Paper) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("frontend:paper", args=[paper.arxiv_id])
    return redirect(target)


@login_required
def library(request: HttpRequest) -> HttpResponse:
    tag = request.GET.get("tag") or None
    query = " ".join(request.GET.get("q", "").split())[:500]
    bookmarks = user_bookmarks(request.user, tag)
    context = {
        "tag": tag,
        "query": query,
        "tags": user_tags(request.user),
        "import_form": LibraryImportForm(),
        "total": Bookmark.objects.filter(user=request.user).count(),
    }
    if query:
        by_paper = {b.paper_id: b for b in bookmarks}
        try:
            hits = search_within(query, list(by_paper))
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
    return render(request, "frontend/library.html", context)


@login_required
def library_export(request: HttpRequest, format: str) -> HttpResponse:
    bookmarks = user_bookmarks(request.user, request.GET.get("tag") or None)
    if format == "bib":
        response = HttpResponse(
            bibtex(b.paper for b in bookmarks), content_type="application/x-bibtex; charset=utf-8"
        )
    else:
        response = HttpResponse(
            json.dumps(bookmarks_json(bookmarks), indent=2), content_type="application/json"
        )
    response["Content-Disposition"] = f'attachment; filename="paperscope-library.{format}"'
    return response


@login_required
@require_POST
def library_import(request: HttpRequest) -> HttpResponse:
    form = LibraryImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "; ".join(_error_list(form.errors)))
        return redirect("frontend:library")
    report = bookmarks_import(request.user, form.cleaned_data["text"])
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


def about(request: HttpRequest) -> HttpResponse:
    stats = Paper.objects.aggregate(first=models.Min("published"), last=models.Max("published"))
    categories = cache.get_or_set("category-counts", _category_counts, 60)
    return render(
        request,
        "frontend/about.html",
        {
            "embedding": _embedding_status(),
            "first": stats["first"],
            "last": stats["last"],
            "categories": categories,
        },
    )


def _category_counts() -> list[tuple[str, int]]:
    rows = (
        Paper.objects.annotate(category=models.Func("categories", function="unnest"))
        .values("category")
        .annotate(count=models.Count("id"))
        .order_by("-count")[:20]
    )
    return [(row["category"], row["count"]) for row in rows]


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = 429
        return response


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("frontend:library")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        auth_views.auth_login(request, user)
        messages.success(request, f"Welcome, {user.username}.")
        return redirect("frontend:library")
    return render(request, "registration/signup.html", {"form": form})


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """Account settings: the API token for scripts, password, deleting the account."""
    token = Token.objects.filter(user=request.user).first()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create-token":
            Token.objects.filter(user=request.user).delete()
            token = Token.objects.create(user=request.user)
            messages.success(request, "New token created. Copy it now: it is shown once.")
            return render(
                request,
                "frontend/account.html",
                {
                    "token": token,
                    "new_key": token.key,
                    "delete_form": DeleteAccountForm(request.user),
                },
            )
        if action == "revoke-token":
            Token.objects.filter(user=request.user).delete()
            messages.success(request, "Token revoked: scripts using it are refused from now on.")
        return redirect("frontend:account")
    return render(
        request,
        "frontend/account.html",
        {"token": token, "delete_form": DeleteAccountForm(request.user)},
    )


@login_required
@require_POST
def account_delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.user, request.POST)
    if not form.is_valid():
        token = Token.objects.filter(user=request.user).first()
        return render(
            request, "frontend/account.html", {"token": token, "delete_form": form}, status=400
        )
    user = request.user
    logout(request)
    user.delete()  # bookmarks and token go with it (on_delete=CASCADE)
    messages.success(request, "Your account and its bookmarks are deleted.")
    return redirect("frontend:home")
