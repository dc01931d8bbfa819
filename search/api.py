"""The search API (/api/v1/search/ and /api/v1/papers/{id}/similar/). Thin views: the
parameters are parsed once (search.params), the search service does the work."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import TextField, form_parameters, validated
from papers.api import PaperSerializer
from papers.filters import FilterForm, StrictForm, valid_form
from papers.selectors import paper_by_arxiv_id
from search import service
from search.feed_keys import saved_feed_secrets
from search.for_you import DEFAULT_DAYS, feedback_save, for_you
from search.models import Alert, SavedSearch
from search.months import month_label
from search.new_papers import new_counts
from search.params import MODES, SearchForm, parse_search_params
from search.saved import (
    saved_search_create,
    saved_search_delete,
    saved_search_fields,
    saved_search_update,
    user_saved_search,
    user_saved_searches,
)
from search.service import Hit
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
    results = HitSerializer(many=True)


def _hits_data(hits: list[Hit], request: Request) -> list[dict]:
    return HitSerializer(hits, many=True, context={"request": request}).data


class SearchView(APIView):
    """Hybrid (default), semantic or keyword search. The query string may hold filters:
    `author:"Name"`, `cat:cs.LG`, `after:2025-01-01`, `before:...`; an arXiv id or URL
    returns that paper first, then its nearest neighbours."""

    @extend_schema(parameters=form_parameters(SearchForm), responses=SearchResponse)
    def get(self, request: Request) -> Response:
        params = parse_search_params(request.query_params)
        result = service.paper_search(params)
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
    first_month = serializers.CharField(allow_null=True, help_text="the corpus's first month")
    last_month = serializers.CharField(allow_null=True, help_text="the corpus's last month")
    months = TrendMonthSerializer(many=True, help_text="months with matching papers")


class TrendView(APIView):
    """Papers per month that match a search, as its growth chart shows them: the papers a
    saved search of it would follow (every query word in keyword mode, cosine of at least
    SAVED_SEARCH_MIN_COSINE by meaning, either in hybrid), over the whole corpus."""

    @extend_schema(parameters=form_parameters(SearchForm), responses=TrendResponse)
    def get(self, request: Request) -> Response:
        params = parse_search_params(request.query_params)
        trend = search_trend(params)
        label = lambda number: month_label(number) if number > 0 else None  # noqa: E731
        return Response({
            "query": params.query, "mode": trend.mode, "papers": trend.papers,
            "first_month": label(trend.first), "last_month": label(trend.last),
            "months": [{"month": month_label(m), "papers": n} for m, n in trend.months],
        })  # fmt: skip


class SimilarForm(FilterForm):
    k = forms.IntegerField(required=False, min_value=1, max_value=100,
                           help_text="how many (default 10)")  # fmt: skip


class SimilarView(APIView):
    """More like this: the nearest papers to this one's vector, itself excluded."""

    @extend_schema(parameters=form_parameters(SimilarForm), responses=SimilarResponse)
    def get(self, request: Request, paper_id: str) -> Response:
        paper = paper_by_arxiv_id(paper_id)
        if paper is None:
            raise Http404
        form = valid_form(SimilarForm(request.query_params))
        hits = service.paper_similar(paper, form.filters(), form.cleaned_data["k"] or 10)
        return Response({"paper": paper.arxiv_id, "results": _hits_data(hits, request)})


# --- Saved searches -----------------------------------------------------------------


class SavedSearchInput(serializers.Serializer):
    """What a client sends (types only: the search page's rules apply in the service)."""

    name = TextField(max_length=200)
    q = TextField(required=False, allow_blank=True, max_length=5000)
    mode = serializers.ChoiceField(choices=MODES, required=False)
    category = serializers.ListField(child=TextField(max_length=32), required=False)
    author = serializers.ListField(child=TextField(max_length=200), required=False)
    after = serializers.DateField(required=False, allow_null=True)
    before = serializers.DateField(required=False, allow_null=True)
    alert = serializers.ChoiceField(choices=Alert.values, required=False)


class SavedSearchSerializer(SavedSearchInput):
    id = serializers.IntegerField(read_only=True)
    created = serializers.DateTimeField(read_only=True)
    feed_url = serializers.URLField(read_only=True, help_text="private Atom feed (secret URL)")
    new_count = serializers.IntegerField(read_only=True,
                                         help_text="papers new since you last looked")  # fmt: skip


def _saved_data(searches: list[SavedSearch], request: Request) -> list[dict]:
    counts = new_counts(searches)
    secrets = saved_feed_secrets(request.user, searches)
    return [SavedSearchSerializer({
        **saved_search_fields(s), "id": s.id, "created": s.created, "new_count": counts[s.id],
        "feed_url": request.build_absolute_uri(
            reverse("frontend:feed-saved", args=[s.id, secrets[s.id]])),
    }).data for s in searches]  # fmt: skip


class SavedSearchList(APIView):
    """Your saved searches (at most 50): a search's `q`, `mode` and filters, a `name`, and
    `alert` (none, daily or weekly mail). POST saves one; a query the search page would
    reject is a 400 naming the field, as there."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=SavedSearchSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(_saved_data(list(user_saved_searches(request.user)), request))

    @extend_schema(request=SavedSearchInput, responses={201: SavedSearchSerializer})
    def post(self, request: Request) -> Response:
        saved = saved_search_create(request.user, validated(SavedSearchInput, request.data))
        return Response(_saved_data([saved], request)[0], status=status.HTTP_201_CREATED)


class SavedSearchDetail(APIView):
    """One of your saved searches: read, change (PUT all fields, PATCH some) or delete.
    Another user's is a 404, like one that does not exist."""

    permission_classes = [IsAuthenticated]

    def _saved(self) -> SavedSearch:
        saved = user_saved_search(self.request.user, self.kwargs["saved_id"])
        if saved is None:
            raise NotFound("you have no saved search with this id")
        return saved

    @extend_schema(responses=SavedSearchSerializer)
    def get(self, request: Request, saved_id: int) -> Response:
        return Response(_saved_data([self._saved()], request)[0])

    @extend_schema(request=SavedSearchInput, responses=SavedSearchSerializer)
    def put(self, request: Request, saved_id: int) -> Response:
        saved = saved_search_update(self._saved(), validated(SavedSearchInput, request.data))
        return Response(_saved_data([saved], request)[0])

    @extend_schema(request=SavedSearchInput, responses=SavedSearchSerializer)
    def patch(self, request: Request, saved_id: int) -> Response:
        saved = saved_search_update(
            self._saved(), validated(SavedSearchInput, request.data, partial=True)
        )
        return Response(_saved_data([saved], request)[0])

    @extend_schema(responses={204: None})
    def delete(self, request: Request, saved_id: int) -> Response:
        saved_search_delete(self._saved())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- For you ------------------------------------------------------------------------


class RecommendationForm(StrictForm):
    tag = forms.CharField(required=False, max_length=50, help_text="only bookmarks with it")
    days = forms.IntegerField(required=False, min_value=1, max_value=365,
                              help_text=f"how recent (default {DEFAULT_DAYS} days)")  # fmt: skip
    k = forms.IntegerField(required=False, min_value=1, max_value=100, help_text="default 20")


class RecommendationSerializer(serializers.Serializer):
    paper = PaperSerializer()
    score = serializers.FloatField()
    because = serializers.ListField(child=serializers.CharField(),
                                    help_text="the library papers it is closest to")  # fmt: skip
    terms = serializers.ListField(child=serializers.CharField(),
                                  help_text="words it shares with them (stemmed)")  # fmt: skip


class FeedbackInput(serializers.Serializer):
    paper_id = TextField(help_text="arXiv id of the recommended paper")
    kind = serializers.ChoiceField(choices=["dismissed", "more"],
                                   help_text="dismissed, or more (like this)")  # fmt: skip


class RecommendationsView(APIView):
    """Recent papers your bookmarks suggest ("For you"), each with why: the library papers
    it is closest to and the words it shares with them. Bookmarked and dismissed papers
    never appear."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=form_parameters(RecommendationForm),
                   responses=RecommendationSerializer(many=True))  # fmt: skip
    def get(self, request: Request) -> Response:
        data = valid_form(RecommendationForm(request.query_params)).cleaned_data
        found = for_you(request.user, data.get("tag") or None, data.get("days") or DEFAULT_DAYS,
                        data.get("k") or 20)  # fmt: skip
        return Response(RecommendationSerializer([
            {"paper": r.paper, "score": r.score, "terms": r.terms,
             "because": [p.arxiv_id for p in r.because_papers]} for r in found
        ], many=True, context={"request": request}).data)  # fmt: skip


class FeedbackView(APIView):
    """Say "not relevant" (dismissed) or "more like this" (more) of a paper: the next
    recommendations change accordingly."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=FeedbackInput, responses={204: None})
    def post(self, request: Request) -> Response:
        data = validated(FeedbackInput, request.data)
        paper = paper_by_arxiv_id(data["paper_id"])
        if paper is None:
            raise NotFound("no such paper")
        feedback_save(request.user, paper, data["kind"])
        return Response(status=status.HTTP_204_NO_CONTENT)
