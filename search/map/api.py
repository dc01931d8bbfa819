"""The map's API: GET /api/v1/map/ (layout and regions), /api/v1/map/points (the binary
payload, search/map/payload.py) and /api/v1/map/papers/{id}/ (the point under a pointer)."""

from __future__ import annotations

from django import forms
from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import form_parameters
from papers.filters import StrictForm, valid_form
from search.map import selectors
from search.map.models import MapLayout
from search.map.selectors import Tile, current_layout

NO_MAP = "no map yet: it is built by the worker once papers are embedded (manage.py build_map)"


class RegionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    level = serializers.IntegerField(help_text="1: coarse, 2: fine (inside its parent)")
    number = serializers.IntegerField(help_text="the number points carry in the payload")
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    label = serializers.CharField(help_text="its most distinctive terms, joined by ' · '")
    terms = serializers.ListField(child=serializers.CharField())
    x = serializers.FloatField()
    y = serializers.FloatField()
    papers = serializers.IntegerField()
    url = serializers.SerializerMethodField(help_text="the region's page")

    def get_url(self, region) -> str:
        return reverse("frontend:map-region", args=[region.id])


class MapSerializer(serializers.Serializer):
    model = serializers.CharField()
    method = serializers.CharField(help_text="the projection of the full layout")
    built_at = serializers.DateTimeField()
    papers = serializers.IntegerField(help_text="points on the map")
    laid_out = serializers.IntegerField(help_text="points of the full layout")
    placed = serializers.IntegerField(help_text="points placed among neighbours since")
    seconds = serializers.FloatField(help_text="how long the full layout took")
    trustworthiness = serializers.FloatField(allow_null=True, help_text="k=10, 1.0 at best")
    bounds = serializers.ListField(
        child=serializers.FloatField(), help_text="min x, min y, max x, max y"
    )
    first_month = serializers.IntegerField(help_text="months since 1970-01, plus one")
    last_month = serializers.IntegerField()
    categories = serializers.ListField(child=serializers.CharField(),
                                       help_text="the payload's category indexes")  # fmt: skip
    version = serializers.CharField(help_text="changes with every point added")
    sampled = serializers.BooleanField(help_text="the first view holds a sample of the points")
    overview_stride = serializers.IntegerField(help_text="the first view holds every n'th paper")
    tile_zoom = serializers.IntegerField(help_text="the zoom of the tiles to fetch zoomed in")
    points_url = serializers.CharField()
    regions = RegionSerializer(many=True)


class PointSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    arxiv_id = serializers.CharField()
    title = serializers.CharField()
    published = serializers.DateField(allow_null=True)
    url = serializers.CharField(help_text="the paper's page")


def _layout() -> MapLayout:
    layout = current_layout()
    if layout is None:
        raise NotFound(NO_MAP)
    return layout


class MapView(APIView):
    """The map of the field: how it was laid out, its categories and its named regions."""

    permission_classes = [AllowAny]  # a public read

    @extend_schema(responses={200: MapSerializer, 404: OpenApiResponse(description=NO_MAP)})
    def get(self, request: Request) -> Response:
        data = selectors.map_metadata(_layout()) | {"points_url": reverse("api:map-points")}
        return Response(MapSerializer(data).data)


MAX_TILE_ZOOM = 12


class PointsForm(StrictForm):
    tile = forms.RegexField(
        regex=r"^\d{1,2}/\d{1,4}/\d{1,4}$", required=False, max_length=12,
        help_text="zoom/x/y: every point of one tile (2**zoom tiles a side, x and y from 0 "
                  "at the smallest coordinates); without it, the first view",
    )  # fmt: skip

    def clean_tile(self) -> Tile | None:
        if not self.cleaned_data.get("tile"):
            return None
        zoom, x, y = (int(part) for part in self.cleaned_data["tile"].split("/"))
        if zoom > MAX_TILE_ZOOM or x >= 2**zoom or y >= 2**zoom:
            raise forms.ValidationError(f"zoom at most {MAX_TILE_ZOOM}, x and y below 2**zoom")
        return Tile(zoom, x, y)


class MapPointsView(APIView):
    """Every point as one binary payload: header (8-byte magic PSMAP1, uint32 count, uint32
    reserved), then little-endian columns int32 ids, uint16 x, uint16 y (scaled to the
    bounds), uint16 month, uint16 fine region, uint8 category. Sent gzipped when the
    client accepts it; the ETag is the map's version."""

    permission_classes = [AllowAny]  # a public read

    @extend_schema(
        parameters=form_parameters(PointsForm),
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            304: OpenApiResponse(description="not modified since the ETag sent"),
            404: OpenApiResponse(description=NO_MAP),
        },
    )
    def get(self, request: Request) -> HttpResponse:
        tile = valid_form(PointsForm(request.query_params)).cleaned_data["tile"]
        points = selectors.points_payload(_layout(), tile)
        etag = f'"{points.version}"'
        if request.headers.get("If-None-Match") == etag:
            return HttpResponse(status=304, headers={"ETag": etag})
        zipped = "gzip" in request.headers.get("Accept-Encoding", "")
        response = HttpResponse(
            points.gzipped if zipped else points.raw, content_type="application/octet-stream"
        )
        if zipped:
            response["Content-Encoding"] = "gzip"
        response["ETag"] = etag
        response["Vary"] = "Accept-Encoding"
        response["Cache-Control"] = "public, max-age=60"
        return response


class MapPointView(APIView):
    """The paper behind one point (hovering shows its title)."""

    permission_classes = [AllowAny]  # a public read

    @extend_schema(responses={200: PointSerializer, 404: OpenApiResponse(description="no paper")})
    def get(self, request: Request, paper_id: int) -> Response:
        paper = selectors.point_summary(paper_id)
        if paper is None:
            raise NotFound("no paper with this id")
        url = reverse("frontend:paper", args=[paper.arxiv_id])
        data = {"id": paper.id, "arxiv_id": paper.arxiv_id, "title": paper.title_text,
                "published": paper.published, "url": url}  # fmt: skip
        return Response(PointSerializer(data).data)
