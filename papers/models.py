"""The corpus: papers, their embeddings, and users' bookmarks, with the rules of their
fields that every write path (pages, API, library import) goes through."""

import datetime as dt
import re
from collections.abc import Iterable

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from pgvector.django import HalfVectorField, HnswIndex

from papers.names import author_keys
from papers.tex import unicode_text
from papers.venues import VENUE_COLUMNS, Venue, paper_venue, venue_columns

# The default model (all-MiniLM-L6-v2) gives 384-dimensional vectors.
EMBEDDING_DIMENSIONS = 384
# The categories people browse by; papers carry many more (cross-lists, other fields).
MAIN_CATEGORIES = ("cs.LG", "cs.CL", "cs.CV", "cs.AI", "stat.ML", "cs.IR", "cs.RO", "cs.NE")


EMPTY_ARRAY = models.expressions.RawSQL("'{}'", ())


class Source(models.TextChoices):
    ARXIV_JSONL = "arxiv_jsonl", "arXiv metadata (JSON lines)"
    ARXIV_SNAPSHOT = "arxiv_snapshot", "arXiv bulk metadata snapshot"
    ARXIV_ATOM = "arxiv_atom", "arXiv API Atom feed"
    ARXIV_OAI = "arxiv_oai", "arXiv OAI-PMH arXivRaw"
    HF_DAILY = "hf_daily", "Hugging Face daily papers"
    LISTING = "listing", "Papers listing page"


class Paper(models.Model):
    arxiv_id = models.CharField(
        max_length=64,
        unique=True,
        help_text="arXiv id without version, or 'title:<hash>' when the source has none",
    )
    title = models.TextField()
    abstract = models.TextField()
    authors = ArrayField(models.TextField(), default=list, blank=True)
    # Who the authors are, names folded (papers/names.py): what author pages and following
    # an author look up, through a GIN index. Every write of `authors` writes these too.
    author_keys = ArrayField(models.TextField(), default=list, blank=True, db_default=EMPTY_ARRAY)
    categories = ArrayField(
        models.CharField(max_length=32), default=list, blank=True, help_text="primary first"
    )
    published = models.DateField(null=True, blank=True)
    updated = models.DateField(null=True, blank=True)
    abs_url = models.URLField(max_length=300, blank=True)
    pdf_url = models.URLField(max_length=300, blank=True)
    upvotes = models.IntegerField(null=True, blank=True, help_text="Hugging Face upvotes")
    # Database defaults too: bulk writers (COPY, raw SQL) name only the columns they set.
    comments = models.TextField(blank=True, default="", db_default="",
                                help_text="arXiv's comments field")  # fmt: skip
    journal_ref = models.TextField(blank=True, default="", db_default="",
                                   help_text="arXiv's journal-ref field")  # fmt: skip
    # Semantic Scholar's author ids, in its order of the authors ("" where it has none):
    # kept from the citation harvest, for telling people apart later.
    s2_author_ids = ArrayField(models.CharField(max_length=20), default=list, blank=True,
                               db_default=EMPTY_ARRAY)  # fmt: skip
    # What Semantic Scholar says of where it appeared (its venue fields, as received).
    s2_venue = models.JSONField(null=True, blank=True)
    # The digest of the import record this row was last written from (PaperRecord.digest):
    # a re-import skips records whose digest it already holds. Any other write of the row
    # clears it, so the next import of the record writes it again.
    record_digest = models.BinaryField(null=True, blank=True, editable=False)
    # Where it was accepted or published, the best reading of journal_ref, comments and
    # s2_venue (papers/venues.py): "" when none says.
    venue = models.CharField(max_length=40, blank=True, default="", db_default="")
    venue_year = models.SmallIntegerField(null=True, blank=True)
    venue_status = models.CharField(max_length=10, blank=True, default="", db_default="",
                                    help_text="accepted, published or workshop")  # fmt: skip
    venue_source = models.CharField(max_length=20, blank=True, default="", db_default="",
                                    help_text="journal-ref, comments or "
                                              "semantic-scholar")  # fmt: skip
    venue_track = models.CharField(max_length=30, blank=True, default="", db_default="",
                                   help_text="oral, spotlight, poster, findings, …")  # fmt: skip
    source_links = ArrayField(
        models.TextField(),
        default=list,
        blank=True,
        db_default=EMPTY_ARRAY,
        help_text="links the source gives beside the text (Hugging Face's repository and "
        "project page)",
    )
    # The kinds of the paper's links (papers.links), kept on the row so that `has:code`
    # filters inside every scan (the vector index's, the listings', the keyword index's).
    link_kinds = ArrayField(models.CharField(max_length=10), default=list, blank=True,
                            db_default=EMPTY_ARRAY)  # fmt: skip
    # From Semantic Scholar (papers.harvest.citations). Null until asked, and for a paper
    # it does not know (citations_checked says when it was asked).
    citation_count = models.IntegerField(null=True, blank=True, help_text="cited by, worldwide")
    reference_count = models.IntegerField(null=True, blank=True)
    influential_citation_count = models.IntegerField(null=True, blank=True)
    citations_checked = models.DateTimeField(
        null=True, blank=True, help_text="when Semantic Scholar was last asked about it"
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [models.F("published").desc(nulls_last=True), "-id"]
        indexes = [
            GinIndex(fields=["categories"], name="paper_categories_gin"),
            GinIndex(fields=["author_keys"], name="paper_author_keys_gin"),
            # A venue's papers, newest first (its page, the venue filter's listings).
            models.Index(fields=["venue", "venue_year"], name="paper_venue",
                         condition=~models.Q(venue="")),
            # papers.selectors' newest_key: the home page and the API's default order.
            models.Index(
                Coalesce("published", models.Value(dt.date.min)).desc(),
                models.F("id").desc(),
                name="paper_newest",
            ),
            # Keyword indexes follow changes by `modified` (search/fulltext/writer.py).
            models.Index(fields=["modified"], name="paper_modified"),
            # The daily listing: a period's papers newest first, the nearest days that have
            # any, and its count in a category from the index alone (a month at 1M papers
            # read 7,000 heap pages to count one category's).
            models.Index(fields=["published"], include=["categories"],
                         name="paper_published_categories"),
            # The few papers anyone upvoted: a trending listing ranks only these.
            models.Index(fields=["published"], name="paper_voted",
                         condition=models.Q(upvotes__gt=0)),
            # Papers new since a visit or a digest (following the corpus).
            models.Index(fields=["created"], name="paper_created"),
            # The latest counts stored (papers.selectors.listing_version): an index walk.
            models.Index(fields=["citations_checked"], name="paper_citations_checked"),
            # Most cited first (papers.selectors' citations_key): listings and the API.
            models.Index(
                Coalesce("citation_count", models.Value(-1)).desc(),
                models.F("id").desc(),
                name="paper_most_cited",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.arxiv_id}: {self.title}"

    def save(self, *args, **kwargs) -> None:
        self.author_keys = author_keys(self.authors)
        found = paper_venue(self.journal_ref, self.comments, self.s2_venue)
        (self.venue, self.venue_year, self.venue_status, self.venue_source,
         self.venue_track) = venue_columns(found)  # fmt: skip
        self.record_digest = None
        if kwargs.get("update_fields") is not None:
            # Derived columns are saved with the fields they come from, and any save
            # clears the digest.
            fields = {*kwargs["update_fields"], "record_digest"}
            if "authors" in fields:
                fields.add("author_keys")
            if fields & {"journal_ref", "comments", "s2_venue"}:
                fields.update(VENUE_COLUMNS)
            kwargs["update_fields"] = fields
        super().save(*args, **kwargs)

    @property
    def venue_reading(self) -> Venue | None:
        """The stored venue as papers.venues reads it (None: none known)."""
        if not self.venue:
            return None
        return Venue(self.venue, self.venue_year, self.venue_status, self.venue_source,
                     self.venue_track)  # fmt: skip

    @property
    def venue_badge(self) -> str:
        """ "Accepted at NeurIPS 2024 (oral)"; "" when no venue is known."""
        found = self.venue_reading
        return found.badge if found else ""

    @property
    def is_arxiv(self) -> bool:
        """Whether arxiv_id is a real arXiv id (not one made from the title)."""
        return not self.arxiv_id.startswith("title:")

    @property
    def primary_category(self) -> str:
        return self.categories[0] if self.categories else ""

    # What places that show no markup (feeds, mail, <title>, snippets) read: TeX's math
    # in Unicode, "$L_2$" as "L₂" (papers/tex.py). Pages typeset the raw fields.
    @property
    def title_text(self) -> str:
        return unicode_text(self.title)

    @property
    def abstract_text(self) -> str:
        return unicode_text(self.abstract)


class Embedding(models.Model):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="embeddings")
    model_name = models.CharField(max_length=200)
    # halfvec: half the memory of vector, and the same HNSW recall@10 on the 106k corpus
    # (0.9858 vs 0.9856 at ef_search 40; bench/embed.py measures both).
    vector = HalfVectorField(dimensions=EMBEDDING_DIMENSIONS)
    text_hash = models.CharField(max_length=64, help_text="sha256 of the text that was embedded")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["paper", "model_name"], name="embedding_per_model")
        ]
        indexes = [
            HnswIndex(
                name="embedding_vector_hnsw",
                fields=["vector"],
                m=16,
                ef_construction=64,
                opclasses=["halfvec_cosine_ops"],
            ),
            # Papers that gained a vector since a point in time (digests judge them then).
            models.Index(fields=["model_name", "created"], name="embedding_model_created"),
        ]

    def __str__(self) -> str:
        return f"{self.model_name} vector of {self.paper_id}"


class LinkKind(models.TextChoices):
    CODE = "code", "code"
    MODEL = "model", "model"
    DATA = "data", "data"
    DEMO = "demo", "demo"
    PROJECT = "project", "project page"


class Repository(models.Model):
    """A GitHub repository some paper links, with what GitHub's REST API last said of it
    (papers/github.py; only with GITHUB_TOKEN set). Shared by every paper linking it."""

    full_name = models.CharField(max_length=200, unique=True, help_text="owner/name, lower case")
    stars = models.IntegerField(null=True, blank=True)
    pushed_at = models.DateTimeField(null=True, blank=True, help_text="its last push")
    archived = models.BooleanField(default=False)
    missing = models.BooleanField(default=False, help_text="GitHub answered 404 (or 451)")
    etag = models.CharField(max_length=200, blank=True, help_text="for conditional requests")
    checked_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name_plural = "repositories"

    def __str__(self) -> str:
        return self.full_name


class PaperLink(models.Model):
    """A link a paper gives to its code, models, data, demo or project page (extracted by
    papers.links from the abstract, the comments and the source's own fields)."""

    class Origin(models.TextChoices):
        ABSTRACT = "abstract"
        COMMENTS = "comments"
        SOURCE = "source"

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=10, choices=LinkKind.choices)
    url = models.URLField(max_length=500, help_text="normalised")
    origin = models.CharField(max_length=10, choices=Origin.choices)
    position = models.SmallIntegerField(help_text="order of appearance")
    repository = models.ForeignKey(Repository, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="links", help_text="GitHub links only")  # fmt: skip

    class Meta:
        ordering = ["paper_id", "position"]  # the column: "paper" would sort by Paper's own order
        constraints = [models.UniqueConstraint(fields=["paper", "url"], name="paper_link_once")]
        # Repositories shared by several papers (a lab's toolkit): GitHub refreshes by URL.
        indexes = [models.Index(fields=["url"], name="paper_link_url")]

    def __str__(self) -> str:
        return f"{self.kind} {self.url}"

    @property
    def host(self) -> str:
        """github.com, huggingface.co, …: what a chip shows beside the kind."""
        return self.url.split("/")[2] if self.url.count("/") >= 2 else self.url


class Citation(models.Model):
    """One edge of the citation graph: `citing` cites a work. The work is a paper held here
    (`cited`) or not; its arXiv id, DOI, title and year are kept either way, so that the
    edge is linked the day that paper arrives (services.citations_link)."""

    citing = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="references")
    cited = models.ForeignKey(Paper, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="citations")  # fmt: skip
    # The cited work's identity, one edge per (citing, work): "arxiv:<id>", "doi:<doi>",
    # "s2:<Semantic Scholar id>", or "title:<title, folded>" (papers.sources.semantic_scholar).
    work = models.CharField(max_length=300)
    arxiv_id = models.CharField(max_length=64, blank=True)
    doi = models.CharField(max_length=200, blank=True)
    title = models.TextField(blank=True)
    year = models.SmallIntegerField(null=True, blank=True)
    position = models.SmallIntegerField(help_text="order in the source's reference list")

    class Meta:
        ordering = ["citing_id", "position"]  # the column: "citing" would sort by Paper's order
        constraints = [models.UniqueConstraint(fields=["citing", "work"], name="citation_once")]
        indexes = [
            # Works not held yet, found by arXiv id when a paper arrives.
            models.Index(fields=["arxiv_id"], name="citation_unlinked_arxiv",
                         condition=models.Q(cited__isnull=True) & ~models.Q(arxiv_id="")),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.citing_id} cites {self.work}"


class PaperDeletion(models.Model):
    """A deleted paper, written by a trigger (migration 0005), so that derived indexes
    that follow the papers table can drop it too."""

    paper_id = models.BigIntegerField()
    deleted_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"paper {self.paper_id} deleted {self.deleted_at:%Y-%m-%d %H:%M}"


MAX_TAGS = 20
MAX_TAG_CHARS = 50
MAX_NOTE_CHARS = 10_000
MAX_LIST_DESCRIPTION_CHARS = 2000
_TAG_SEPARATORS = re.compile(r"[,\s]+")


def clean_tags(value: str | Iterable[str]) -> list[str]:
    """Tags from 'a, b c' or a list: lower case, no blanks or repeats, order kept."""
    parts = _TAG_SEPARATORS.split(value) if isinstance(value, str) else value
    tags: list[str] = []
    for part in parts:
        if not isinstance(part, str):
            raise ValidationError("each tag must be text")
        tag = part.strip().lower()
        if len(tag) > MAX_TAG_CHARS:
            raise ValidationError(f"a tag has at most {MAX_TAG_CHARS} characters")
        if tag and tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ValidationError(f"at most {MAX_TAGS} tags")
    return tags


def clean_note(value: str) -> str:
    if not isinstance(value, str) or len(value) > MAX_NOTE_CHARS:
        raise ValidationError(f"a note is text of at most {MAX_NOTE_CHARS:,} characters")
    return value


class Bookmark(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="bookmarks")
    note = models.TextField(blank=True)
    tags = ArrayField(models.CharField(max_length=MAX_TAG_CHARS), default=list, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["user", "paper"], name="bookmark_per_user_paper")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.paper_id}"


class HarvestState(models.Model):
    """How far a harvest source has come: the last day harvested to the end, and the
    request in flight (its range, the sets still to do, the resumption token), so a
    harvest killed at any moment resumes where it stopped."""

    source = models.CharField(max_length=20, primary_key=True)
    harvested_until = models.DateField(null=True, blank=True)
    in_flight = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"{self.source} harvested until {self.harvested_until}"


class HarvestRun(models.Model):
    """One harvest, for the about page and the stats API."""

    class Status(models.TextChoices):
        RUNNING = "running"
        OK = "ok"
        FAILED = "failed"

    source = models.CharField(max_length=20)
    started = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    created = models.IntegerField(default=0)
    updated = models.IntegerField(default=0)
    skipped = models.IntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started"]
        indexes = [models.Index(fields=["source", "-started"], name="harvest_run_latest")]

    def __str__(self) -> str:
        return f"{self.source} harvest {self.started:%Y-%m-%d %H:%M}: {self.status}"


class WorkerHeartbeat(models.Model):
    """When a worker serving `queue` last ran the beat's heartbeat task: /healthz reports
    its age, so a queue nobody serves shows before its backlog does."""

    queue = models.CharField(max_length=50, primary_key=True)
    seen = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.queue} seen {self.seen:%Y-%m-%d %H:%M:%S}"


class CorpusEpoch(models.Model):
    """One row whose token changes when the database is replaced wholesale (a restore):
    whatever follows PostgreSQL by its change times (the keyword index) starts again
    from scratch when the token it last saw is not this one."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.CharField(max_length=64)
    changed = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"epoch {self.token} ({self.changed:%Y-%m-%d %H:%M})"


class ReadingList(models.Model):
    """One of a user's tags, published: its papers at /lists/<user>/<slug>/ with the notes
    the user chose to show, as a page, an Atom feed and BibTeX. Unlisted (by its link) or
    public (listed on /lists/); a tag with no row is private, and removing the row makes
    its URL a 404 again. Nothing else of the account shows."""

    class Visibility(models.TextChoices):
        UNLISTED = "unlisted", "unlisted: anyone with the link"
        PUBLIC = "public", "public: listed on the site"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="reading_lists")  # fmt: skip
    tag = models.CharField(max_length=MAX_TAG_CHARS)
    slug = models.SlugField(max_length=60)
    visibility = models.CharField(max_length=10, choices=Visibility.choices,
                                  default=Visibility.UNLISTED)  # fmt: skip
    show_notes = models.BooleanField(default=False)
    description = models.TextField(blank=True, max_length=MAX_LIST_DESCRIPTION_CHARS)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "tag"], name="reading_list_per_tag"),
            models.UniqueConstraint(fields=["user", "slug"], name="reading_list_slug"),
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.slug} ({self.visibility})"


class PaperMark(models.Model):
    """What a user has been shown of a paper and done with it, on the pages that suggest
    papers (For you, a saved search's page): opened or marked read, it drops out; shown
    on SINK_AFTER_VISITS days without being opened, it sinks (papers/marks.py)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="paper_marks")  # fmt: skip
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="marks")
    shown = models.PositiveIntegerField(default=0, help_text="days it was shown on")
    last_shown = models.DateField(null=True, blank=True)
    opened = models.DateTimeField(null=True, blank=True, help_text="its page, first opened")
    read = models.BooleanField(default=False, help_text="marked read")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "paper"], name="mark_per_paper")]

    def __str__(self) -> str:
        return f"{self.user} on {self.paper_id}: shown {self.shown}, read {self.done}"

    @property
    def done(self) -> bool:
        """Opened or marked read: the user is through with it."""
        return self.read or self.opened is not None
