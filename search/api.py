"""The search API (/api/v1/search/ and /api/v1/papers/{id}/similar/). Thin views: the
parameters are parsed once (search.params), the search service does the work."""

from __future__ import annotations

from django import forms
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import form_parameters
from papers.api import PaperSerializer
from papers.filters import FilterForm, valid_form
from papers.selectors import paper_by_arxiv_id
from search import pipeline
from search.hits import Hit
from search.months import month_label
from search.neighbourhood import paper_neighbourhood
from search.params import MODES, SearchForm, parse_search_params
from search.trend import search_trend


class HitSerializer(serializers.Serializer):
    paper = PaperSerializer()
    score = serializers.FloatField()
    semantic_similarity = serializers.FloatField(allow_null=True)
    keyword_rank = serializers.IntegerField(
        allow_null=True,
        help_text="place among the keyword matches that pass the filters, within the best "
        "100; null below them, or for a paper only the meaning side found",
    )
    snippet = serializers.CharField(help_text="HTML-safe; <mark> is the only markup")
    reason = serializers.CharField()


class CoverageSerializer(serializers.Serializer):
    papers = serializers.IntegerField(help_text="papers in the corpus")
    embedded = serializers.IntegerField(
        help_text="papers with a vector of the active model; the others, still waiting for "
        "the workers, are ranked by keyword alone"
    )
    share = serializers.FloatField(help_text="embedded / papers, from 0 to 1")


class SearchResponse(serializers.Serializer):
    query = serializers.CharField()
    mode = serializers.ChoiceField(choices=MODES)
    page = serializers.IntegerField()
    total = serializers.IntegerField(help_text="results found, ranked at most 100 deep")
    notices = serializers.ListField(child=serializers.CharField())
    vector_coverage = CoverageSerializer(help_text="how much of the corpus meaning can rank")
    results = HitSerializer(many=True)


class SimilarResponse(serializers.Serializer):
    paper = serializers.CharField(help_text="arXiv id of the paper")
    by = serializers.ChoiceField(["meaning", "words"], help_text=(
        "meaning: the nearest papers to this one's vector; words: its vector is not "
        "computed yet, so the papers sharing its most distinctive words"))  # fmt: skip
    results = HitSerializer(many=True)


def _hits_data(hits: list[Hit], request: Request) -> list[dict]:
    return HitSerializer(hits, many=True, context={"request": request}).data


class SearchView(APIView):
    """Hybrid (default), semantic or keyword search. The query string may hold filters:
    `author:"Name"`, `cat:cs.LG`, `after:2025-01-01`, `before:...`; an arXiv id or URL
    returns that paper first, then its nearest neighbours."""

    permission_classes = [AllowAny]  # a public read

    @extend_schema(parameters=form_parameters(SearchForm), responses=SearchResponse)
    def get(self, request: Request) -> Response:
        params = parse_search_params(request.query_params)
        result = pipeline.paper_search(params)
        return Response({
            "query": params.query,
            "mode": result.mode,
            "page": params.page,
            "total": result.total,
            "notices": result.notices,
            "vector_coverage": CoverageSerializer(result.coverage).data,
            "results": _hits_data(result.hits, request),
        })  # fmt: skip


class TrendMonthSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    papers = serializers.IntegerField()


class TrendResponse(serializers.Serializer):
    query = serializers.CharField()
    mode = serializers.CharField(help_text="what counted: keyword, semantic, hybrid or none")
    papers = serializers.IntegerField(help_text="matching papers, dated or not")
    capped = serializers.BooleanField(
        help_text="the meaning side stopped at its cap: at least `papers` match"
    )
    first_month = serializers.CharField(allow_null=True, help_text="the corpus's first month")
    last_month = serializers.CharField(allow_null=True, help_text="the corpus's last month")
    months = TrendMonthSerializer(many=True, help_text="months with matching papers")


class TrendView(APIView):
    """Papers per month that match a search, as its growth chart shows them: the papers a
    saved search of it would follow (every query word in keyword mode, cosine of at least
    SAVED_SEARCH_MIN_COSINE by meaning, either in hybrid), over the whole corpus."""

    permission_classes = [AllowAny]  # a public read

    @extend_schema(parameters=form_parameters(SearchForm), responses=TrendResponse)
    def get(self, request: Request) -> Response:
        params = parse_search_params(request.query_params)
        trend = search_trend(params)
        label = lambda number: month_label(number) if number > 0 else None  # noqa: E731
        return Response({
            "query": params.query, "mode": trend.mode, "papers": trend.papers,
            "capped": trend.capped, "first_month": label(trend.first),
            "last_month": label(trend.last),
            "months": [{"month": month_label(m), "papers": n} for m, n in trend.months],
        })  # fmt: skip


class SimilarForm(FilterForm):
    k = forms.IntegerField(required=False, min_value=1, max_value=100,
                           help_text="how many (default 10)")  # fmt: skip


class SimilarView(APIView):
    """More like this: the nearest papers to this one's vector, itself excluded; until its
    vector is computed, the papers sharing its most distinctive words (`by` says which)."""

    permission_classes = [AllowAny]  # a public read

    @extend_schema(parameters=form_parameters(SimilarForm), responses=SimilarResponse)
    def get(self, request: Request, paper_id: str) -> Response:
        paper = paper_by_arxiv_id(paper_id)
        if paper is None:
            raise Http404
        form = valid_form(SimilarForm(request.query_params))
        similar = pipeline.similar_papers(paper, form.filters(), form.cleaned_data["k"] or 10)
        return Response({"paper": paper.arxiv_id, "by": similar.by,
                         "results": _hits_data(similar.hits, request)})  # fmt: skip


class GraphNodeSerializer(serializers.Serializer):
    id = serializers.CharField(source="key", help_text="arXiv id, or the cited work's identity")
    title = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    citation_count = serializers.IntegerField(allow_null=True, help_text="worldwide")
    relation = serializers.ChoiceField(["self", "reference", "citer", "similar"])
    label = serializers.CharField(help_text="first author's surname and year, for drawing")
    held = serializers.BooleanField(help_text="whether the paper is held here")
    url = serializers.CharField(help_text="its page here, else its arXiv or DOI page (or '')")


class GraphEdgeSerializer(serializers.Serializer):
    source = serializers.CharField()
    target = serializers.CharField()
    kind = serializers.ChoiceField(["cites", "similar"], help_text="cites: source cites target")
    similarity = serializers.FloatField(allow_null=True, help_text="cosine, for `similar`")


class GraphSerializer(serializers.Serializer):
    paper = serializers.CharField(source="paper.arxiv_id")
    references = serializers.IntegerField(help_text="works it cites, held here or not")
    citers = serializers.IntegerField(help_text="papers held here that cite it")
    nodes = GraphNodeSerializer(many=True)
    edges = GraphEdgeSerializer(many=True)


class GraphView(APIView):
    """A paper's neighbourhood for drawing: its most cited references and citers held
    here, a few references held elsewhere, its nearest papers by meaning, and the
    citations among them all."""

    permission_classes = [AllowAny]  # a public read

    @extend_schema(responses=GraphSerializer)
    def get(self, request: Request, paper_id: str) -> Response:
        paper = paper_by_arxiv_id(paper_id)
        if paper is None:
            raise Http404
        hood = paper_neighbourhood(paper)
        return Response(GraphSerializer(hood).data)
