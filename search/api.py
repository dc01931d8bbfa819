"""The JSON API (/api/v1/): search, papers, similar papers. Thin views: input serializers
validate (a bad parameter is a 400 naming the field), the search service does the work."""

from __future__ import annotations

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from papers.api import Cursor, PaperSerializer, StrictFilters
from papers.models import Paper
from papers.selectors import PAPER_ORDERINGS, papers_with_sort_keys
from papers.sources.record import ARXIV_CATEGORY
from search.query import MAX_QUERY_CHARS, QueryError
from search.semantic import Filters
from search.service import (
    MAX_RESULTS,
    MODES,
    SORTS,
    Hit,
    SearchResult,
    paper_search,
    paper_similar,
)


class HitSerializer(serializers.Serializer):
    paper = PaperSerializer()
    score = serializers.FloatField()
    semantic_similarity = serializers.FloatField(allow_null=True)
    keyword_rank = serializers.IntegerField(allow_null=True)
    snippet = serializers.CharField(help_text="HTML-safe; <mark> is the only markup")
    reason = serializers.CharField()


class SearchResponse(serializers.Serializer):
    query = serializers.CharField()
    mode = serializers.ChoiceField(choices=MODES)
    page = serializers.IntegerField()
    total = serializers.IntegerField(help_text="results found, ranked at most 100 deep")
    notices = serializers.ListField(child=serializers.CharField())
    results = HitSerializer(many=True)


class SimilarResponse(serializers.Serializer):
    paper = serializers.CharField(help_text="arXiv id of the paper")
    results = HitSerializer(many=True)


class FilterInput(serializers.Serializer):
    category = serializers.ListField(
        child=serializers.RegexField(ARXIV_CATEGORY, max_length=32), required=False,
        help_text="any of these arXiv categories (repeat the parameter)",
    )  # fmt: skip
    author = serializers.CharField(required=False, max_length=200)
    after = serializers.DateField(required=False)
    before = serializers.DateField(required=False)

    def validate(self, data):
        if data.get("after") and data.get("before") and data["after"] > data["before"]:
            raise ValidationError({"after": "must not be later than before"})
        return data

    def filters(self) -> Filters:
        data = self.validated_data
        return Filters(
            categories=data.get("category", []),
            authors=[data["author"]] if data.get("author") else [],
            after=data.get("after"),
            before=data.get("before"),
        )


class SimilarInput(FilterInput):
    k = serializers.IntegerField(min_value=1, max_value=100, default=10)


class SearchInput(FilterInput):
    q = serializers.CharField(max_length=MAX_QUERY_CHARS, required=False, allow_blank=True,
                              trim_whitespace=True)  # fmt: skip
    mode = serializers.ChoiceField(choices=MODES, default="hybrid")
    sort = serializers.ChoiceField(choices=SORTS, default="relevance")
    k = serializers.IntegerField(min_value=1, max_value=100, default=20)
    page = serializers.IntegerField(min_value=1, max_value=100, default=1)

    def search(self) -> SearchResult:
        """Run the validated search. A query the parser refuses, or a page below the 100
        ranked results, is a ValidationError naming the field."""
        data = self.validated_data
        if (data["page"] - 1) * data["k"] >= MAX_RESULTS:
            raise ValidationError({"page": "results are ranked 100 deep: (page - 1) * k < 100"})
        try:
            return paper_search(
                data.get("q", ""),
                mode=data["mode"],
                filters=self.filters(),
                page=data["page"],
                page_size=data["k"],
                sort=data["sort"],
            )
        except QueryError as error:
            raise ValidationError({"q": str(error)}) from None

    def validate(self, data):
        data = super().validate(data)
        if not data.get("q") and not any(data.get(f) for f in ("category", "author", "after",
                                                                 "before")):  # fmt: skip
            raise ValidationError({"q": "give a query, a filter, or both"})
        return data


def _query_params(request: Request) -> dict:
    params = {key: request.query_params.get(key) for key in request.query_params}
    if "category" in request.query_params:
        params["category"] = request.query_params.getlist("category")
    return params


def _hits_data(hits: list[Hit], request: Request) -> list[dict]:
    return HitSerializer(hits, many=True, context={"request": request}).data


class SearchView(APIView):
    """Hybrid (default), semantic or keyword search. The query string may hold filters:
    `author:"Name"`, `cat:cs.LG`, `after:2025-01-01`, `before:...`; an arXiv id or URL
    returns that paper first, then its nearest neighbours."""

    @extend_schema(parameters=[SearchInput], responses=SearchResponse)
    def get(self, request: Request) -> Response:
        form = SearchInput(data=_query_params(request))
        form.is_valid(raise_exception=True)
        result = form.search()
        data = form.validated_data
        return Response({
            "query": data.get("q", ""),
            "mode": result.mode,
            "page": data["page"],
            "total": result.total,
            "notices": result.notices,
            "results": _hits_data(result.hits, request),
        })  # fmt: skip


class PaperFilter(django_filters.FilterSet):
    category = django_filters.CharFilter(method="in_category")
    after = django_filters.DateFilter(field_name="published", lookup_expr="gte")
    before = django_filters.DateFilter(field_name="published", lookup_expr="lte")
    author = django_filters.CharFilter(method="by_author")

    class Meta:
        model = Paper
        fields = ["category", "after", "before", "author"]

    def in_category(self, queryset, name, value):
        return queryset.filter(categories__contains=[value])

    def by_author(self, queryset, name, value):
        return queryset.extra(
            where=["EXISTS (SELECT 1 FROM unnest(authors) a WHERE a ILIKE %s)"],
            params=[f"%{value}%"],
        )


class PaperCursor(Cursor):
    """Cursor pagination in the order `ordering` names (newest first by default)."""

    page_size = 20

    def get_ordering(self, request, queryset, view):
        ordering = request.query_params.get("ordering", "newest")
        if ordering not in PAPER_ORDERINGS:
            raise ValidationError({"ordering": f"one of {', '.join(PAPER_ORDERINGS)}"})
        return PAPER_ORDERINGS[ordering]


class PaperList(StrictFilters, generics.ListAPIView):
    """Papers with filters, in the order `ordering` names: `newest` (default), `oldest` or
    `upvotes` (Hugging Face upvotes); undated or never-upvoted papers come last. Cursor
    pagination (`next` and `previous`)."""

    queryset = papers_with_sort_keys()
    serializer_class = PaperSerializer
    filterset_class = PaperFilter
    pagination_class = PaperCursor

    @extend_schema(parameters=[OpenApiParameter("ordering", enum=list(PAPER_ORDERINGS),
                                                default="newest")])  # fmt: skip
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class PaperDetail(generics.RetrieveAPIView):
    queryset = Paper.objects.defer("search_vector")
    serializer_class = PaperSerializer
    lookup_field = "arxiv_id"
    lookup_url_kwarg = "paper_id"


class SimilarView(APIView):
    """More like this: the nearest papers to this one's vector, itself excluded."""

    @extend_schema(parameters=[SimilarInput], responses=SimilarResponse)
    def get(self, request: Request, paper_id: str) -> Response:
        paper = get_object_or_404(Paper, arxiv_id=paper_id)
        form = SimilarInput(data=_query_params(request))
        form.is_valid(raise_exception=True)
        hits = paper_similar(paper, form.filters(), form.validated_data["k"])
        return Response({"paper": paper.arxiv_id, "results": _hits_data(hits, request)})
