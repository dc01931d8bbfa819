""" "For you": recommendations from the library, feedback on them, and their private
feed. Thin: search.recommend does the work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from frontend.feeds import PaperFeed, printable
from papers.models import Paper
from papers.selectors import arranged, paper_by_arxiv_id, user_tags
from papers.services import marks_shown
from search.following.selectors import user_by_feed_secret
from search.following.services import feed_renew, feed_secret
from search.recommend.models import Feedback
from search.recommend.selectors import DEFAULT_DAYS, for_you
from search.recommend.services import feedback_save


@login_required
@never_cache  # it shows a private feed's secret URL
def for_you_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and request.POST.get("action") == "new-feed-url":
        feed_renew(request.user)
        messages.success(request, "New feed URL for “For you”: the old one stops working.")
        return redirect("frontend:for-you")
    tag = request.GET.get("tag") or None
    show_read = request.GET.get("show") == "read"
    shown = arranged(request.user, for_you(request.user, tag), lambda r: r.paper.id, show_read)
    entries = [(r.paper, r.because_papers, r.terms) for r in shown.items]
    feed = reverse("frontend:feed-for-you", args=[request.user.id, feed_secret(request.user)])
    response = render(request, "frontend/for_you.html", {
        "entries": entries, "tag": tag, "tags": user_tags(request.user),
        "bookmarked": set(), "days": DEFAULT_DAYS, "marks": shown, "show_read": show_read,
        "feed_url": request.build_absolute_uri(feed + (f"?tag={tag}" if tag else "")),
        "feed_title": "Paperscope: for you",
    })  # fmt: skip
    marks_shown(request.user, [r.paper.id for r in shown.items])
    return response


@login_required
@require_POST
def for_you_feedback(request: HttpRequest) -> HttpResponse:
    paper = paper_by_arxiv_id(request.POST.get("paper", ""))
    kind = request.POST.get("kind")
    if paper is None or kind not in Feedback.Kind.values:
        problem = "paper: no such paper, or kind: dismissed or more"
        return render(request, "400.html", {"problem": problem}, status=400)
    feedback_save(request.user, paper, kind)
    messages.success(request, "Noted: fewer papers like it." if kind == "dismissed"
                     else "Noted: more papers like it.")  # fmt: skip
    return redirect(f"{reverse('frontend:for-you')}?tag={request.POST.get('tag', '')}"
                    if request.POST.get("tag") else reverse("frontend:for-you"))  # fmt: skip


class ForYouFeed(PaperFeed):
    """A user's "For you" recommendations (one feed per tag with ?tag=), at a URL with the
    secret of their "For you" feed, for feed readers."""

    def get_object(self, request: HttpRequest, user_id: int, secret: str):
        user = user_by_feed_secret(user_id, secret)
        if user is None:
            raise Http404("no such feed")
        return user, (request.GET.get("tag") or None)

    def title(self, obj) -> str:
        user, tag = obj
        return printable(f"Paperscope: for {user.get_username()}{f' ({tag})' if tag else ''}")

    def link(self, obj) -> str:
        return reverse("frontend:for-you")

    def items(self, obj) -> list[Paper]:
        user, tag = obj
        return [r.paper for r in for_you(user, tag, k=50)]
