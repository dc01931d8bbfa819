"""Server-rendered pages. Thin: forms validate, papers/ and search/ do the work."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError, InterfaceError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from frontend.charts import growth_chart
from frontend.forms import (
    BookmarkForm,
    DeleteAccountForm,
    EmailForm,
    LibraryImportForm,
    SignupForm,
    ThrottledAuthenticationForm,
    error_list,
)
from frontend.links import (
    category_feed_url,
    daily_feed_url,
    daily_url,
    search_feed_url,
    search_map_url,
)
from frontend.map_pages import paper_map
from papers.daily import PAGE_SIZE as DAILY_PAGE_SIZE
from papers.daily import PERIODS as DAILY_PERIODS
from papers.daily import SORTS as DAILY_SORTS
from papers.daily import DailyQuery, daily_listing, parse_daily_query
from papers.filters import Filters, without_blanks
from papers.library_io import EXPORT_FORMATS, UnreadableLibrary, bibtex_entry, export_library
from papers.models import MAIN_CATEGORIES, Paper
from papers.selectors import (
    bookmarked_ids,
    corpus_summary,
    embedding_progress,
    last_harvests,
    paper_by_arxiv_id,
    paper_list,
    user_api_token,
    user_bookmark,
    user_bookmark_count,
    user_bookmarks,
    user_tags,
)
from papers.services import (
    account_delete,
    account_email_change,
    api_token_replace,
    api_token_revoke,
    bookmark_remove,
    bookmark_save,
    library_import,
)
from search import service
from search.feed_keys import feeds_revoke_all
from search.new_papers import new_counts
from search.params import MODES, SORTS, SearchForm, parse_search_params
from search.saved import (
    SEARCH_FIELDS,
    for_you_alert,
    for_you_alert_set,
    user_digest_failures,
    user_saved_searches,
)
from search.trend import search_trend

logger = logging.getLogger(__name__)

PAGE_SIZE = 25
SINCE = {"week": 7, "month": 31, "year": 366}  # home page date ranges, in days


def _paper_or_404(arxiv_id: str) -> Paper:
    paper = paper_by_arxiv_id(arxiv_id)
    if paper is None:
        raise Http404("no such paper")
    return paper


def home(request: HttpRequest) -> HttpResponse:
    category = request.GET.get("category") or None
    if category not in MAIN_CATEGORIES:
        category = None
    since = request.GET.get("since") if request.GET.get("since") in SINCE else None
    after = dt.date.today() - dt.timedelta(days=SINCE[since]) if since else None
    papers = paper_list(Filters(categories=(category,) if category else (), after=after))
    page = Paginator(papers, PAGE_SIZE).get_page(request.GET.get("page"))
    today = daily_listing(DailyQuery(category=category))  # the home page leads with it
    return render(
        request,
        "frontend/home.html",
        {
            "page": page,
            "category": category,
            "categories": MAIN_CATEGORIES,
            "since": since,
            "ranges": list(SINCE),
            "embedding": embedding_progress(),
            "bookmarked": bookmarked_ids(request.user, [*page.object_list, *today.papers[:5]]),
            "today": today,
            "today_url": daily_url(replace(today.query, date=today.start)),
            "feed_url": category_feed_url(category) if category else daily_feed_url(None),
            "feed_title": f"Paperscope: {category}" if category else "Paperscope daily",
        },
    )


def daily(request: HttpRequest, day: str | None = None) -> HttpResponse:
    data = {name: value for name, value in request.GET.dict().items() if value}
    if day:
        data["date"] = day
    try:
        query = parse_daily_query(data)
    except ValidationError as error:
        context = {"errors": error_list(error.message_dict)}
        return render(request, "frontend/daily.html", context, status=400)
    listing = daily_listing(query)
    page = Paginator(listing.papers, DAILY_PAGE_SIZE).get_page(query.page)
    # Links keep the rest of the listing's choices and start at its first page.
    shown = replace(query, date=listing.start or query.date, page=1)

    def link(**changes) -> str:
        return daily_url(replace(shown, **changes))

    return render(request, "frontend/daily.html", {
        "listing": listing,
        "page": page,
        "bookmarked": bookmarked_ids(request.user, list(page.object_list)),
        "periods": [(p, link(period=p), p == query.period) for p in DAILY_PERIODS],
        "categories": [(c or "All", link(category=c), c == query.category)
                       for c in (None, *MAIN_CATEGORIES)],
        "sorts": [(s, link(sort=s), s == query.sort) for s in DAILY_SORTS],
        "previous_url": link(date=listing.previous) if listing.previous else None,
        "next_url": link(date=listing.next) if listing.next else None,
        "previous_page_url": link(page=page.number - 1) if page.has_previous() else None,
        "next_page_url": link(page=page.number + 1) if page.has_next() else None,
        "feed_url": daily_feed_url(query.category, query.sort),
        "feed_title": f"Paperscope daily{' ' + query.category if query.category else ''}",
    })  # fmt: skip


def search(request: HttpRequest) -> HttpResponse:
    params = without_blanks(request.GET)  # the page's form sends its empty fields too
    context = {
        "params": params,
        "modes": MODES,
        "sorts": SORTS,
        "categories": MAIN_CATEGORIES,
        "query": params.get("q", ""),
        "mode": params.get("mode", "hybrid"),
    }
    if not params.get("q") and not SearchForm.filters_given(params):
        return render(request, "frontend/search.html", context)  # the empty search page
    try:
        wanted = parse_search_params(params)
    except ValidationError as error:
        context["errors"] = error_list(error.message_dict)
        return render(request, "frontend/search.html", context, status=400)
    result = service.paper_search(wanted)
    trend = search_trend(wanted)
    pages = -(-result.total // wanted.page_size)
    context.update(
        {
            "result": result,
            "search": wanted,
            "bookmarked": bookmarked_ids(request.user, [h.paper for h in result.hits]),
            "previous_page": _page_url(request, wanted.page - 1) if wanted.page > 1 else None,
            "next_page": _page_url(request, wanted.page + 1) if wanted.page < pages else None,
            "pages": pages,
            "first_rank": (wanted.page - 1) * wanted.page_size + 1,
            "feed_url": search_feed_url(params),
            "map_url": search_map_url(params),
            "chart": growth_chart(trend.months, "matching papers"),
            # The search's own fields, for the "save this search" form.
            "save_fields": [
                (name, value)
                for name, values in params.items()
                if name in SEARCH_FIELDS
                for value in (values if isinstance(values, list) else [values])
            ],
            "feed_title": f"Paperscope search: {wanted.text or 'filtered papers'}",
        }
    )
    return render(request, "frontend/search.html", context)


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return f"{reverse('frontend:search')}?{query.urlencode()}"


def paper_detail(request: HttpRequest, paper_id: str) -> HttpResponse:
    paper = _paper_or_404(paper_id)
    bookmark = user_bookmark(request.user, paper.arxiv_id)
    form = BookmarkForm(
        initial={"note": bookmark.note, "tags": ", ".join(bookmark.tags)} if bookmark else None
    )
    return render(
        request,
        "frontend/paper.html",
        {
            "paper": paper,
            "similar": service.paper_similar(paper, k=10),
            "bookmark": bookmark,
            "form": form,
            "bibtex": bibtex_entry(paper),
            "small_map": paper_map(paper),
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


def _back(request: HttpRequest, paper: Paper) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("frontend:paper", args=[paper.arxiv_id])
    return redirect(target)


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
    }
    if query:
        by_paper = {b.paper_id: b for b in bookmarks}
        try:
            hits = service.search_within(query, list(by_paper))
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
    counts = new_counts(searches)
    return [(s, counts[s.id]) for s in searches]


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


def about(request: HttpRequest) -> HttpResponse:
    summary = cache.get_or_set("corpus-summary", corpus_summary, 60)
    # Not corpus_status(): the page shows no workers, so it need not ping them.
    return render(
        request,
        "frontend/about.html",
        {
            "embedding": embedding_progress(),
            "first": summary.first,
            "last": summary.last,
            "categories": summary.categories,
            "harvests": last_harvests(private=request.user.is_staff),
        },
    )


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


def _account_page(request: HttpRequest, delete_form=None, new_key: str | None = None,
                  email_form=None, status: int = 200) -> HttpResponse:  # fmt: skip
    return render(
        request,
        "frontend/account.html",
        {
            "token": user_api_token(request.user),
            "new_key": new_key,
            "delete_form": delete_form or DeleteAccountForm(request.user),
            "email_form": email_form or EmailForm(initial={"email": request.user.email}),
            "saved_searches": user_saved_searches(request.user).count(),
            "digest_failures": user_digest_failures(request.user)[:5],
            "for_you_weekly": for_you_alert(request.user) == "weekly",
        },
        status=status,
    )


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """Account settings: the API token for scripts, password, deleting the account."""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create-token":
            token = api_token_replace(request.user)
            messages.success(request, "New token created. Copy it now: it is shown once.")
            return _account_page(request, new_key=token.key)
        if action == "revoke-token":
            api_token_revoke(request.user)
            messages.success(request, "Token revoked: scripts using it are refused from now on.")
        if action == "email":
            form = EmailForm(request.POST)
            if not form.is_valid():
                return _account_page(request, email_form=form, status=400)
            account_email_change(request.user, form.cleaned_data["email"])
            messages.success(request, "Email address saved.")
        if action in ("for-you-weekly", "for-you-off"):
            for_you_alert_set(request.user, "weekly" if action == "for-you-weekly" else "none")
            messages.success(request, "Weekly “For you” mail is on." if action == "for-you-weekly"
                             else "Weekly “For you” mail is off.")  # fmt: skip
        if action == "revoke-feeds":
            feeds_revoke_all(request.user)
            messages.success(request, "Every private feed URL is revoked; your pages show new "
                                      "ones.")  # fmt: skip
        return redirect("frontend:account")
    return _account_page(request)


@login_required
@require_POST
def account_delete_view(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.user, request.POST)
    if not form.is_valid():
        return _account_page(request, delete_form=form, status=400)
    user = request.user
    logout(request)
    account_delete(user)
    messages.success(request, "Your account and its bookmarks are deleted.")
    return redirect("frontend:home")
