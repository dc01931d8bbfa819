"""JSON API of the corpus, users' bookmarks and libraries, and embedding progress (mounted
under /api/v1/). Thin views: forms and input serializers check types, papers.services
writes, papers.selectors reads; a rule broken anywhere is a 400 naming the field."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import Cursor, TextField, form_parameters, validated
from papers.daily import PAGE_SIZE as DAILY_PAGE_SIZE
from papers.daily import PERIODS, DailyForm, daily_listing, parse_daily_query
from papers.daily import SORTS as DAILY_SORTS
from papers.filters import FilterForm, StrictForm, parse_filters, valid_form
from papers.library_io import ACCOUNT_FORMAT, EXPORT_FORMATS, UnreadableLibrary, export_library
from papers.models import (
    MAX_TAG_CHARS,
    Bookmark,
    Citation,
    HarvestRun,
    Paper,
    PaperLink,
    ReadingList,
)
from papers.selectors import (
    LINKS,
    PAPER_ORDERINGS,
    corpus_status,
    paper_by_arxiv_id,
    paper_citers,
    paper_list,
    paper_references,
    papers,
    public_lists,
    reading_list,
    reading_list_bookmarks,
    user_bookmark,
    user_bookmarks,
    with_links,
)
from papers.services import bookmark_remove, bookmark_save, library_import
from papers.sources.record import InvalidRecord, parse_arxiv_id

# --- Papers -------------------------------------------------------------------------


class PaperLinkSerializer(serializers.ModelSerializer):
    stars = serializers.IntegerField(
        source="repository.stars", allow_null=True, default=None,
        help_text="GitHub stars (known when the site has a GITHUB_TOKEN)",
    )  # fmt: skip
    pushed_at = serializers.DateTimeField(
        source="repository.pushed_at", allow_null=True, default=None,
        help_text="the GitHub repository's last push",
    )  # fmt: skip

    class Meta:
        model = PaperLink
        fields = ["kind", "url", "stars", "pushed_at"]


class VenueSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="NeurIPS, ICML, TPAMI, …")
    year = serializers.IntegerField(allow_null=True)
    status = serializers.ChoiceField(["accepted", "published", "workshop"])
    source = serializers.ChoiceField(["journal-ref", "comments", "semantic-scholar"],
                                     help_text="where it was read")  # fmt: skip
    track = serializers.CharField(help_text="oral, spotlight, poster, findings, … or ''")
    badge = serializers.CharField(help_text='as a card shows it: "Accepted at NeurIPS 2024"')


class PaperSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="arxiv_id", help_text="arXiv id (stable)")
    title_text = serializers.CharField(read_only=True, help_text="the title as plain text: "
                                       "its TeX math in Unicode ($L_2$ as L₂)")  # fmt: skip
    abstract_text = serializers.CharField(read_only=True, help_text="the abstract as plain "
                                          "text: its TeX math in Unicode")  # fmt: skip
    venue = VenueSerializer(source="venue_reading", read_only=True, allow_null=True,
                            help_text="where it was accepted or published; null: not "
                                      "known")  # fmt: skip
    url = serializers.SerializerMethodField(help_text="this paper in the API")
    links = PaperLinkSerializer(many=True, read_only=True,
                                help_text="its code, models, data, demos and project page, "
                                          "from its abstract, comments and source")  # fmt: skip

    class Meta:
        model = Paper
        fields = ["id", "title", "title_text", "abstract", "abstract_text", "authors",
                  "categories", "published", "updated", "abs_url", "pdf_url", "upvotes",
                  "citation_count", "reference_count", "influential_citation_count", "url",
                  "venue", "links"]  # fmt: skip

    def get_url(self, paper: Paper) -> str:
        request = self.context.get("request")
        path = f"/api/v1/papers/{paper.arxiv_id}/"
        return request.build_absolute_uri(path) if request else path


class PaperCursor(Cursor):
    """Cursor pagination in the order `ordering` names (newest first by default)."""

    page_size = 20

    def get_ordering(self, request, queryset, view):
        ordering = request.query_params.get("ordering", "newest")
        if ordering not in PAPER_ORDERINGS:
            raise ValidationError({"ordering": f"one of {', '.join(PAPER_ORDERINGS)}"})
        return PAPER_ORDERINGS[ordering]


class PaperList(generics.ListAPIView):
    """Papers with filters, in the order `ordering` names: `newest` (default), `oldest`,
    `upvotes` (Hugging Face upvotes) or `citations` (Semantic Scholar's count); undated,
    never-upvoted or never-counted papers come last. Cursor pagination (`next` and
    `previous`)."""

    permission_classes = [AllowAny]  # a public read
    serializer_class = PaperSerializer
    pagination_class = PaperCursor

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request data
            return Paper.objects.none()
        return paper_list(parse_filters(self.request.query_params), ordering=None).prefetch_related(
            LINKS
        )

    @extend_schema(parameters=[
        *form_parameters(FilterForm),
        OpenApiParameter("ordering", enum=list(PAPER_ORDERINGS), default="newest"),
    ])  # fmt: skip
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class PaperDetail(generics.RetrieveAPIView):
    permission_classes = [AllowAny]  # a public read
    queryset = papers().prefetch_related(LINKS)
    serializer_class = PaperSerializer
    lookup_field = "arxiv_id"
    lookup_url_kwarg = "paper_id"


def _paper_or_404(arxiv_id: str) -> Paper:
    paper = paper_by_arxiv_id(arxiv_id)
    if paper is None:
        raise NotFound(f"no paper {arxiv_id!r} here")
    return paper


class CitedPaperSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="arxiv_id", help_text="arXiv id (stable)")
    url = serializers.SerializerMethodField(help_text="this paper in the API")

    class Meta:
        model = Paper
        fields = ["id", "title", "published", "citation_count", "url"]

    get_url = PaperSerializer.get_url


class ReferenceSerializer(serializers.ModelSerializer):
    paper = CitedPaperSerializer(source="cited", allow_null=True,
                                 help_text="the cited paper when it is held here")  # fmt: skip
    arxiv_id = serializers.CharField(help_text="the cited work's arXiv id, when it has one")
    doi = serializers.CharField(help_text="its DOI, when it has one")

    class Meta:
        model = Citation
        fields = ["position", "title", "year", "arxiv_id", "doi", "paper"]


class ReferenceCursor(Cursor):
    page_size = 50
    ordering = ("position", "id")


class ReferenceList(generics.ListAPIView):
    """What a paper cites (from Semantic Scholar), in its reference list's order: each
    work's title, year, arXiv id and DOI, and the paper itself when it is held here.
    Cursor pagination."""

    permission_classes = [AllowAny]  # a public read
    serializer_class = ReferenceSerializer
    pagination_class = ReferenceCursor

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Citation.objects.none()
        return paper_references(_paper_or_404(self.kwargs["paper_id"]))


class CitationList(generics.ListAPIView):
    """The papers held here that cite this one, newest first (or in another of the papers
    list's orderings: `citations` is most cited first). The worldwide count is the
    paper's `citation_count`. Cursor pagination."""

    permission_classes = [AllowAny]  # a public read
    serializer_class = PaperSerializer
    pagination_class = PaperCursor

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Paper.objects.none()
        paper = _paper_or_404(self.kwargs["paper_id"])
        return paper_citers(paper, ordering=None).prefetch_related(LINKS)

    @extend_schema(parameters=[
        OpenApiParameter("ordering", enum=list(PAPER_ORDERINGS), default="newest"),
    ])  # fmt: skip
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


# --- Bookmarks ----------------------------------------------------------------------


class BookmarkSerializer(serializers.ModelSerializer):
    paper = PaperSerializer(read_only=True)

    class Meta:
        model = Bookmark
        fields = ["paper", "note", "tags", "created"]
        read_only_fields = fields


class BookmarkChange(serializers.Serializer):
    """Types only: the bookmark rules (lengths, tag count) are the service's, one place."""

    note = TextField(required=False, allow_blank=True, trim_whitespace=False)
    tags = serializers.ListField(child=TextField(allow_blank=True),
                                 required=False, help_text="lower-cased; at most 20")  # fmt: skip


class BookmarkCreate(BookmarkChange):
    paper_id = TextField(help_text="arXiv id or arxiv.org URL of the paper")


class TagForm(StrictForm):
    tag = forms.CharField(required=False, max_length=MAX_TAG_CHARS, help_text="only this tag")


def _paper_named(value: str) -> Paper:
    try:
        arxiv_id = parse_arxiv_id(value)
    except InvalidRecord:
        arxiv_id = value  # ids made from titles ('title:…') are stored as they are
    paper = paper_by_arxiv_id(arxiv_id)
    if paper is None:
        raise ValidationError({"paper_id": f"no paper {arxiv_id} here"})
    return paper


class NewestBookmarksFirst(Cursor):
    ordering = ("-created", "-id")
    page_size = 50


class BookmarkList(generics.ListAPIView):
    """Your bookmarks, newest first (filter by `tag`); POST bookmarks a paper, or updates
    the note and tags of one already bookmarked. Session or token authentication."""

    serializer_class = BookmarkSerializer
    pagination_class = NewestBookmarksFirst

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Bookmark.objects.none()
        tag = valid_form(TagForm(self.request.query_params)).cleaned_data.get("tag")
        return user_bookmarks(self.request.user, tag)

    @extend_schema(parameters=form_parameters(TagForm))
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=BookmarkCreate,
                   responses={200: BookmarkSerializer, 201: BookmarkSerializer})  # fmt: skip
    def post(self, request: Request) -> Response:
        data = validated(BookmarkCreate, request.data)
        bookmark, created = bookmark_save(
            request.user, _paper_named(data["paper_id"]), data.get("note"), data.get("tags")
        )
        return Response(
            BookmarkSerializer(bookmark, context={"request": request}).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class BookmarkDetail(APIView):
    """One of your bookmarks, by the paper's arXiv id: read it, replace its note and tags
    (PUT), change those given (PATCH), or delete it. Another user's bookmark is a 404,
    like one that does not exist."""

    def _bookmark(self) -> Bookmark:
        bookmark = user_bookmark(self.request.user, self.kwargs["paper_id"])
        if bookmark is None:
            raise NotFound("you have no bookmark of this paper")
        return bookmark

    def _render(self, bookmark: Bookmark) -> Response:
        return Response(BookmarkSerializer(bookmark, context={"request": self.request}).data)

    @extend_schema(responses=BookmarkSerializer)
    def get(self, request: Request, paper_id: str) -> Response:
        return self._render(self._bookmark())

    @extend_schema(request=BookmarkChange, responses=BookmarkSerializer)
    def put(self, request: Request, paper_id: str) -> Response:
        """Replace: a note or tags left out become empty."""
        data = {"note": "", "tags": []} | validated(BookmarkChange, request.data)
        return self._change(data)

    @extend_schema(request=BookmarkChange, responses=BookmarkSerializer)
    def patch(self, request: Request, paper_id: str) -> Response:
        """Change the note or the tags given; the other stays."""
        return self._change(validated(BookmarkChange, request.data, partial=True))

    def _change(self, data: dict) -> Response:
        bookmark = self._bookmark()
        bookmark, _ = bookmark_save(self.request.user, bookmark.paper, data.get("note"),
                                    data.get("tags"))  # fmt: skip
        return self._render(bookmark)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, paper_id: str) -> Response:
        bookmark_remove(request.user, self._bookmark().paper)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Library export and import ------------------------------------------------------


class LibraryRenderer(BaseRenderer):
    """Content negotiation only: the view writes each document itself (library_io), and
    errors are JSON (LibraryExport.finalize_response)."""

    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        raise NotImplementedError("LibraryExport answers with the document itself")


# JSON first: the default, and the content type generated clients parse.
_FORMATS_JSON_FIRST = sorted(EXPORT_FORMATS.values(), key=lambda f: f.name != "json")
RENDERERS = [
    type(f"{f.label}Renderer", (LibraryRenderer,), {"media_type": f.media_type, "format": f.name})
    for f in _FORMATS_JSON_FIRST
]


class BookmarkExportSerializer(serializers.Serializer):
    """One bookmark as the JSON export writes it (documentation: library_io writes it)."""

    id = serializers.CharField(help_text="arXiv id")
    title = serializers.CharField()
    url = serializers.CharField()
    note = serializers.CharField(allow_blank=True)
    tags = serializers.ListField(child=serializers.CharField())
    bookmarked = serializers.DateTimeField()


class AccountDocumentSerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=[ACCOUNT_FORMAT])
    version = serializers.IntegerField()
    user = serializers.CharField()
    exported = serializers.DateTimeField()
    bookmarks = BookmarkExportSerializer(many=True)


_EXPORT_SCHEMAS = {
    "json": BookmarkExportSerializer(many=True),
    "account": AccountDocumentSerializer,
    "csl-json": {
        "type": "array",
        "items": {"type": "object", "additionalProperties": True, "description": "a CSL-JSON item"},
    },
}


class LibraryExport(APIView):
    """Your library (or one `tag` of it) as a document for reference managers: choose
    with `?format=` or the Accept header. `json` (default) is a list of bookmarks;
    `account` is everything your account keeps, which import reads back; `bibtex`, `ris`
    and `csl-json` (CSL-JSON, for Zotero, Pandoc and citeproc) are the usual formats."""

    renderer_classes = RENDERERS

    def perform_content_negotiation(self, request, force=False):
        # DRF ignores an empty ?format= and answers an unknown one with a 404.
        if not force and request.query_params.get("format", "json") not in EXPORT_FORMATS:
            raise ValidationError({"format": f"one of {', '.join(EXPORT_FORMATS)}"})
        return super().perform_content_negotiation(request, force)

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response):  # errors (and OPTIONS): JSON, whatever was asked
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    @extend_schema(
        parameters=[*form_parameters(TagForm),
                    OpenApiParameter("format", enum=list(EXPORT_FORMATS), default="json")],
        responses={
            (200, f.media_type): OpenApiResponse(_EXPORT_SCHEMAS.get(f.name, OpenApiTypes.STR),
                                                 description="the library in that format")
            for f in _FORMATS_JSON_FIRST
        },
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        tag = valid_form(TagForm(request.query_params)).cleaned_data.get("tag")
        bookmarks = user_bookmarks(request.user, tag)
        export = EXPORT_FORMATS[request.accepted_renderer.format]
        body = export_library(bookmarks, export.name, request.user.get_username())
        # A plain response: DRF's would drop the Content-Type of an empty document.
        return HttpResponse(body, content_type=f"{export.media_type}; charset=utf-8")


class LibraryImportInput(serializers.Serializer):
    """Either `content` (an export in any format we read, as text) or the account
    document itself (`format`, `version`, `bookmarks`), as `format=account` exports it."""

    content = TextField(required=False, help_text="an export as text")
    format = TextField(required=False)
    version = serializers.IntegerField(required=False)
    bookmarks = serializers.ListField(child=serializers.DictField(), required=False)


class ImportReportSerializer(serializers.Serializer):
    format = serializers.CharField(help_text="the format that was read")
    added = serializers.ListField(child=serializers.CharField())
    updated = serializers.ListField(child=serializers.CharField())
    unknown = serializers.ListField(
        child=serializers.CharField(), help_text="arXiv ids that are not in Paperscope"
    )
    invalid = serializers.ListField(
        child=serializers.CharField(), help_text="entries skipped, with position and reason"
    )


class LibraryImport(APIView):
    """Bookmarks from an export: ours (JSON or account), CSL-JSON, BibTeX, RIS, or arXiv
    ids. Unknown papers and unreadable entries are listed, never dropped silently; input
    in no format we read is a 400 that changes nothing."""

    @extend_schema(request=LibraryImportInput, responses=ImportReportSerializer)
    def post(self, request: Request) -> Response:
        validated(LibraryImportInput, request.data)  # an object, its fields of the right types
        field = "content" if "content" in request.data else "bookmarks"
        document = request.data["content"] if field == "content" else dict(request.data)
        try:
            report = library_import(request.user, document)
        except UnreadableLibrary as error:
            raise ValidationError({field: str(error)}) from None
        return Response(ImportReportSerializer(report).data)


# --- Embedding progress -------------------------------------------------------------


class HarvestRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = HarvestRun
        fields = ["source", "started", "finished", "status", "created", "updated", "skipped",
                  "error"]  # fmt: skip
        extra_kwargs = {"error": {"help_text": "why a run failed (staff only; else empty)"}}


class StatsSerializer(serializers.Serializer):
    papers = serializers.IntegerField()
    embedded = serializers.IntegerField(
        help_text="papers with a vector of the model (one whose text changed since still "
        "ranks until re-embedded); may be up to 30 s old"
    )
    pending = serializers.IntegerField(help_text="papers waiting for their first vector")
    model = serializers.CharField()
    device = serializers.CharField()
    dtype = serializers.CharField()
    worker_count = serializers.IntegerField(help_text="workers that answered a ping")
    workers = serializers.ListField(
        child=serializers.CharField(),
        allow_null=True,
        help_text="their host names (staff only; else null)",
    )
    harvests = HarvestRunSerializer(many=True, help_text="the last harvest of each source")


class StatsView(APIView):
    """Corpus size and embedding progress. Cheap enough to poll: counts are kept for a
    few seconds and no paper's text is read."""

    permission_classes = [AllowAny]  # a public read

    @extend_schema(responses=StatsSerializer)
    def get(self, request: Request) -> Response:
        status = corpus_status(private=request.user.is_staff)
        current = status.embedding
        return Response(StatsSerializer({
            "papers": current.papers, "embedded": current.embedded, "pending": current.pending,
            "model": current.model, "device": current.device, "dtype": current.dtype,
            "worker_count": status.workers, "workers": status.worker_names,
            "harvests": status.harvests,
        }).data)  # fmt: skip


# --- Daily listing ------------------------------------------------------------------


class DailySerializer(serializers.Serializer):
    period = serializers.ChoiceField(choices=PERIODS)
    start = serializers.DateField(allow_null=True, help_text="first day of the period")
    end = serializers.DateField(allow_null=True, help_text="last day of the period")
    previous = serializers.DateField(allow_null=True, help_text="earlier period with papers")
    next = serializers.DateField(allow_null=True, help_text="later period with papers")
    category = serializers.CharField(allow_null=True)
    sort = serializers.ChoiceField(choices=DAILY_SORTS)
    count = serializers.IntegerField(help_text="papers in the period")
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = PaperSerializer(many=True)


class DailyView(APIView):
    """The daily listing: the papers of a day (or its week or month) by trending (upvotes
    decayed by age; docs/guide/daily.md gives the formula) or newest, PAGE_SIZE a page."""

    permission_classes = [AllowAny]  # a public read

    @extend_schema(parameters=form_parameters(DailyForm), responses=DailySerializer)
    def get(self, request: Request) -> Response:
        query = parse_daily_query(request.query_params)
        listing = daily_listing(query)
        paginator = Paginator(listing.papers, DAILY_PAGE_SIZE)
        if query.page > max(paginator.num_pages, 1):
            raise ValidationError({"page": f"the listing has {paginator.num_pages} pages"})
        page = paginator.get_page(query.page)
        return Response(DailySerializer({
            "period": query.period, "start": listing.start, "end": listing.end,
            "previous": listing.previous, "next": listing.next, "category": query.category,
            "sort": query.sort, "count": paginator.count, "page": page.number,
            "pages": paginator.num_pages, "results": with_links(page.object_list),
        }, context={"request": request}).data)  # fmt: skip


class ListEntrySerializer(serializers.Serializer):
    paper = PaperSerializer()
    note = serializers.CharField(allow_null=True, help_text="the owner's note, where the "
                                 "owner shows notes; else null")  # fmt: skip
    added = serializers.DateTimeField(help_text="when it was bookmarked")


class ReadingListSerializer(serializers.Serializer):
    owner = serializers.CharField()
    tag = serializers.CharField()
    slug = serializers.CharField()
    visibility = serializers.ChoiceField(["unlisted", "public"])
    description = serializers.CharField()
    url = serializers.CharField(help_text="its page on the site")
    total = serializers.IntegerField()
    entries = ListEntrySerializer(many=True, help_text="newest first, a page of 50 (`page`)")


class ReadingListPublic(serializers.Serializer):
    owner = serializers.CharField()
    tag = serializers.CharField()
    slug = serializers.CharField()
    description = serializers.CharField()
    url = serializers.CharField()


class ListPageForm(StrictForm):
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000,
                              help_text="default 1; 50 entries a page")  # fmt: skip


def _list_data(found: ReadingList, bookmarks, total: int, request: Request) -> dict:
    owner = found.user.get_username()
    return {
        "owner": owner, "tag": found.tag, "slug": found.slug, "visibility": found.visibility,
        "description": found.description, "total": total,
        "url": request.build_absolute_uri(reverse("frontend:list", args=[owner, found.slug])),
        "entries": [{"paper": b.paper, "note": b.note if found.show_notes else None,
                     "added": b.created} for b in bookmarks],
    }  # fmt: skip


class ReadingListView(APIView):
    """A published reading list (public, or unlisted: the link is the key): its papers,
    newest bookmark first, with the notes its owner chose to show. A private or revoked
    list is a 404."""

    permission_classes = [AllowAny]  # a public read

    @extend_schema(operation_id="reading_list_retrieve", parameters=form_parameters(ListPageForm),
                   responses=ReadingListSerializer)  # fmt: skip
    def get(self, request: Request, username: str, slug: str) -> Response:
        found = reading_list(username, slug)
        if found is None:
            raise NotFound("no such list, or it is private")
        page_number = valid_form(ListPageForm(request.query_params)).cleaned_data["page"] or 1
        page = Paginator(reading_list_bookmarks(found), 50).get_page(page_number)
        with_links([b.paper for b in page.object_list])
        data = _list_data(found, page.object_list, page.paginator.count, request)
        return Response(ReadingListSerializer(data, context={"request": request}).data)


class PublicListsResponse(serializers.Serializer):
    total = serializers.IntegerField()
    results = ReadingListPublic(many=True, help_text="a page of 50 (`page`)")


class PublicListsView(APIView):
    """Reading lists their owners made public, most recently changed first."""

    permission_classes = [AllowAny]  # a public read

    @extend_schema(operation_id="reading_lists_public", parameters=form_parameters(ListPageForm),
                   responses=PublicListsResponse)  # fmt: skip
    def get(self, request: Request) -> Response:
        page_number = valid_form(ListPageForm(request.query_params)).cleaned_data["page"] or 1
        page = Paginator(public_lists(), 50).get_page(page_number)
        rows = [{"owner": f.user.get_username(), "tag": f.tag, "slug": f.slug,
                 "description": f.description,
                 "url": request.build_absolute_uri(
                     reverse("frontend:list", args=[f.user.get_username(), f.slug]))}
                for f in page.object_list]  # fmt: skip
        return Response({"total": page.paginator.count, "results": rows})
