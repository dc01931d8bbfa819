from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from papers.embeddings import embedding_status
from papers.models import MAIN_CATEGORIES
from papers.selectors import paper_list_newest

PAGE_SIZE = 25


def home(request: HttpRequest) -> HttpResponse:
    category = request.GET.get("category") or None
    if category not in MAIN_CATEGORIES:
        category = None
    page = Paginator(paper_list_newest(category), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "frontend/home.html",
        {
            "page": page,
            "category": category,
            "categories": MAIN_CATEGORIES,
            # Counting current vectors hashes every paper's text: fine every few seconds,
            # not on every page view.
            "embedding": cache.get_or_set("embedding-status", embedding_status, 10),
        },
    )
