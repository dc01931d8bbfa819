"""JSON API of the corpus and of users' bookmarks (mounted under /api/v1/)."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from papers.bookmarks import MAX_NOTE_CHARS, bookmark_save, parse_tags, user_bookmarks
from papers.embeddings import embedding_status
from papers.models import Bookmark, Paper
from papers.sources.record import InvalidRecord, parse_arxiv_id
from papers.workers import workers_seen


class PaperSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="arxiv_id", help_text="arXiv id (stable)")
    url = serializers.SerializerMethodField(help_text="this paper in the API")

    class Meta:
        model = Paper
        fields = [
            "id",
            "title",
            "abstract",
            "authors",
            "categories",
            "published",
            "updated",
            "abs_url",
            "pdf_url",
            "upvotes",
            "url",
        ]

    def get_url(self, paper: Paper) -> str:
        request = self.context.get("request")
        path = f"/api/v1/papers/{paper.arxiv_id}/"
        return request.build_absolute_uri(path) if request else path


class BookmarkSerializer(serializers.ModelSerializer):
    paper = PaperSerializer(read_only=True)
    paper_id = serializers.CharField(
        write_only=True, max_length=300, help_text="arXiv id or arxiv.org URL of the paper"
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=MAX_NOTE_CHARS)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        max_length=100,
        help_text="lower-cased; at most 20",
    )

    class Meta:
        model = Bookmark
        fields = ["paper", "paper_id", "note", "tags", "created"]
        read_only_fields = ["created"]

    def validate_paper_id(self, value: str) -> Paper:
        try:
            arxiv_id = parse_arxiv_id(value)
        except InvalidRecord:
            arxiv_id = value  # ids made from titles ('title:…') are stored as they are
        paper = Paper.objects.defer("search_vector").filter(arxiv_id=arxiv_id).first()
        if paper is None:
            raise serializers.ValidationError(f"no paper {arxiv_id} here")
        return paper

    def validate_tags(self, value: list[str]) -> list[str]:
        try:
            return parse_tags(value)
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None


class BookmarkUpdateSerializer(BookmarkSerializer):
    class Meta(BookmarkSerializer.Meta):
        fields = ["paper", "note", "tags", "created"]


class BookmarkFilter(django_filters.FilterSet):
    tag = django_filters.CharFilter(field_name="tags", method="with_tag")

    class Meta:
        model = Bookmark
        fields = ["tag"]

    def with_tag(self, queryset, name, value):
        return queryset.filter(tags__contains=[value.strip().lower()])


class Cursor(CursorPagination):
    """Cursor pagination strict about its parameters: a bad cursor or page size is a 400
    naming the field (DRF answers 404 and the default page size)."""

    page_size_query_param = "k"
    max_page_size = 100

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not value.isdigit() or not 1 <= int(value) <= self.max_page_size:
            raise ValidationError({"k": f"an integer from 1 to {self.max_page_size}"})
        return int(value)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] |= {"minimum": 1, "maximum": self.max_page_size}
        return parameters

    def decode_cursor(self, request):
        if not request.query_params.get(self.cursor_query_param):
            return None  # an empty cursor is the first page
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError({"cursor": "not a cursor from this list"}) from None


class StrictFilters:
    """For list views: a filter parameter given empty is a 400 (as the schema says),
    not silently no filter."""

    def filter_queryset(self, queryset):
        names = self.filterset_class.base_filters
        empty = [name for name in names if self.request.query_params.get(name, None) == ""]
        if empty:
            raise ValidationError({name: "must not be empty" for name in empty})
        return super().filter_queryset(queryset)


class NewestBookmarksFirst(Cursor):
    ordering = ("-created", "-id")
    page_size = 50


class OwnBookmarks:
    """Views over the requesting user's bookmarks only: anyone else's are not found."""

    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Bookmark.objects.none()
        return user_bookmarks(self.request.user)


class BookmarkList(OwnBookmarks, StrictFilters, generics.ListCreateAPIView):
    """Your bookmarks, newest first (filter by `tag`); POST bookmarks a paper, or updates
    the note and tags of one already bookmarked. Session or token authentication."""

    serializer_class = BookmarkSerializer
    filterset_class = BookmarkFilter
    pagination_class = NewestBookmarksFirst

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        bookmark, created = bookmark_save(
            request.user, data["paper_id"], data.get("note"), data.get("tags")
        )
        return Response(
            self.get_serializer(bookmark).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class BookmarkDetail(OwnBookmarks, generics.RetrieveUpdateDestroyAPIView):
    """One of your bookmarks, by the paper's arXiv id: read it, change its note or tags,
    or delete it. Another user's bookmark is a 404, like one that does not exist."""

    serializer_class = BookmarkUpdateSerializer

    def get_object(self) -> Bookmark:
        bookmark = self.get_queryset().filter(paper__arxiv_id=self.kwargs["paper_id"]).first()
        if bookmark is None:
            raise NotFound("you have no bookmark of this paper")
        return bookmark

    def perform_update(self, serializer) -> None:
        data = serializer.validated_data
        bookmark_save(
            self.request.user, serializer.instance.paper, data.get("note"), data.get("tags")
        )
        serializer.instance.refresh_from_db()


class StatsSerializer(serializers.Serializer):
    papers = serializers.IntegerField()
    embedded = serializers.IntegerField(help_text="papers with a current vector of the model")
    pending = serializers.IntegerField()
    model = serializers.CharField()
    device = serializers.CharField()
    dtype = serializers.CharField()
    workers = serializers.ListField(child=serializers.CharField(), help_text="workers seen")


class StatsView(APIView):
    """Corpus size and embedding progress."""

    @extend_schema(responses=StatsSerializer)
    def get(self, request: Request) -> Response:
        status = embedding_status()
        data = {
            "papers": status.papers,
            "embedded": status.embedded,
            "pending": status.pending,
            "model": status.model,
            "device": status.device,
            "dtype": status.dtype,
            "workers": workers_seen(),
        }
        return Response(StatsSerializer(data).data)
