"""An author's page in the API: /api/v1/authors/{name}/. Thin: the selectors read it."""

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
from papers.authors import ORDERS, parse_author_query
from search.authors.selectors import author_page, author_summary


class AuthorCountSerializer(serializers.Serializer):
    name = serializers.CharField()
    papers = serializers.IntegerField()


class AuthorYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    papers = serializers.IntegerField()


class AuthorRegionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    papers = serializers.IntegerField()


class AuthorCircleSerializer(serializers.Serializer):
    papers = serializers.IntegerField()
    coauthors = serializers.ListField(child=serializers.CharField())
    category = serializers.CharField(help_text="their papers' main primary category")


class AuthorResponse(serializers.Serializer):
    name = serializers.CharField(help_text="as most often written, First Last")
    url = serializers.CharField(help_text="the author's page on the site")
    total = serializers.IntegerField(help_text="papers counted as theirs")
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    citations = serializers.IntegerField(help_text="summed where Semantic Scholar's counts "
                                         "were harvested")  # fmt: skip
    cited_papers = serializers.IntegerField()
    spellings = AuthorCountSerializer(many=True, help_text="how the name is written")
    coauthors = AuthorCountSerializer(many=True)
    years = AuthorYearSerializer(many=True)
    regions = AuthorRegionSerializer(many=True, help_text="where on the map, most first")
    same_initials = serializers.ListField(child=serializers.CharField(), help_text=(
        "other full names the initials-only spellings may stand for"))
    initials_left_out = serializers.IntegerField(help_text="initials-only papers not "
                                                 "counted, as they may be another's")  # fmt: skip
    circles = AuthorCircleSerializer(many=True, help_text="co-author circles in different fields, "
                               "when the name may be more than one person")  # fmt: skip
    papers = PaperSerializer(many=True, help_text="this page's (25 a page)")


class AuthorQueryForm(forms.Form):
    order = forms.ChoiceField(choices=[(o, o) for o in ORDERS], required=False,
                              help_text="newest (default) or cited: most cited first")  # fmt: skip
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000,
                              help_text="default 1; 25 papers a page")  # fmt: skip


class AuthorView(APIView):
    """One author's papers and what they say: co-authors, papers per year, citations and
    map regions. The name is read as a person ("Bengio, Yoshua", "Yoshua Bengio" and "Y.
    Bengio" alike; "Samy Bengio" is someone else); where it may be more than one person,
    `same_initials`, `initials_left_out` and `circles` say so."""

    permission_classes = [AllowAny]  # a public read

    @extend_schema(parameters=form_parameters(AuthorQueryForm),
                   responses={200: AuthorResponse, 404: None})  # fmt: skip
    def get(self, request: Request, name: str) -> Response:
        name, order, page = parse_author_query(name, request.query_params)
        found = author_page(name, order, page)
        if found is None:
            raise Http404
        site = request.build_absolute_uri("/").rstrip("/")
        papers = PaperSerializer(found.papers, many=True, context={"request": request}).data
        return Response({**author_summary(found, site), "papers": papers})
