"""The recommendations API: /api/v1/recommendations/ ("For you") and its feedback."""

from __future__ import annotations

from django import forms
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import TextField, form_parameters, validated
from papers.api import PaperSerializer
from papers.filters import StrictForm, valid_form
from papers.selectors import paper_by_arxiv_id
from search.recommend.selectors import DEFAULT_DAYS, for_you
from search.recommend.services import feedback_save


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

    @extend_schema(request=FeedbackInput, responses={204: None})
    def post(self, request: Request) -> Response:
        data = validated(FeedbackInput, request.data)
        paper = paper_by_arxiv_id(data["paper_id"])
        if paper is None:
            raise NotFound("no such paper")
        feedback_save(request.user, paper, data["kind"])
        return Response(status=status.HTTP_204_NO_CONTENT)
