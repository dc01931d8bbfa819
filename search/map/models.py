"""The map of the field: layouts, their regions and every paper's point. The tables kept
their names from the `search` app."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F

from papers.models import Paper


class MapLayout(models.Model):
    """One full layout of the map of the field for a model's vectors: the newest is shown.
    Papers embedded after it are placed by their neighbours (MapPoint.placed)."""

    model_name = models.CharField(max_length=200, db_index=True)
    method = models.CharField(max_length=40)
    built_at = models.DateTimeField(auto_now_add=True)
    papers = models.PositiveIntegerField()
    seconds = models.FloatField()
    # sklearn's trustworthiness of the 2D layout against the 384-d neighbours (k=10, on
    # a sample): how honest the picture is, 1.0 at best.
    trustworthiness = models.FloatField(null=True)
    bounds = models.JSONField(help_text="[min x, min y, max x, max y] of the full layout")

    class Meta:
        db_table = "search_maplayout"  # its table from before the app had its own

    def __str__(self) -> str:
        return f"{self.method} map of {self.papers} papers ({self.built_at:%Y-%m-%d})"


class MapRegion(models.Model):
    """A named cluster of the map: level 1 is coarse, level 2 nests inside level 1."""

    layout = models.ForeignKey(MapLayout, on_delete=models.CASCADE, related_name="regions")
    level = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField(help_text="the region's number within its level")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, related_name="children")
    label = models.CharField(max_length=300)
    terms = ArrayField(models.CharField(max_length=100), default=list)
    x = models.FloatField()
    y = models.FloatField()
    papers = models.PositiveIntegerField()
    # {month number: papers} of its papers with a date, for its page's growth chart: kept
    # with the region (services.count_region_months), as counting a coarse region's
    # papers by month took up to 4 s at 1M papers. None: not counted yet.
    months = models.JSONField(null=True, blank=True)

    class Meta:
        db_table = "search_mapregion"  # its table from before the app had its own
        constraints = [
            models.UniqueConstraint(fields=["layout", "level", "number"], name="region_number")
        ]

    def __str__(self) -> str:
        return self.label


class MapPoint(models.Model):
    """A paper's place on a layout, and its fine region."""

    layout = models.ForeignKey(MapLayout, on_delete=models.CASCADE, related_name="points")
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="map_points")
    x = models.FloatField()
    y = models.FloatField()
    # The fine region, its parent and the paper's date, kept on the point: a region's page
    # lists its newest papers by walking an index of these, where it sorted up to 150k
    # papers of a coarse region at 1M for each page (0.4-0.9 s). (No index of their own
    # for the regions: the indexes below lead with them.)
    region = models.ForeignKey(MapRegion, on_delete=models.CASCADE, related_name="points",
                               db_index=False)  # fmt: skip
    coarse_region = models.ForeignKey(MapRegion, on_delete=models.CASCADE, null=True,
                                      related_name="coarse_points", db_index=False)  # fmt: skip
    published = models.DateField(null=True)
    # Placed among its neighbours after the layout was built, not laid out with it.
    placed = models.BooleanField(default=False)

    class Meta:
        db_table = "search_mappoint"  # its table from before the app had its own
        constraints = [
            models.UniqueConstraint(fields=["layout", "paper"], name="map_point_per_layout")
        ]
        indexes = [
            models.Index(F("region"), F("published").desc(), F("paper").desc(),
                         name="map_point_region_newest"),
            models.Index(F("coarse_region"), F("published").desc(), F("paper").desc(),
                         name="map_point_coarse_newest"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.paper_id} at ({self.x:.2f}, {self.y:.2f})"


class MapPayload(models.Model):
    """One part of the points payload the browser fetches (the first view, or one tile),
    built by the worker that keeps the map whenever its points change: a request reads
    one row, where building a tile from 1M points took 0.5-0.9 s."""

    layout = models.ForeignKey(MapLayout, on_delete=models.CASCADE, related_name="payloads")
    part = models.CharField(max_length=40, help_text='"first", or "tile-zoom-x-y"')
    version = models.CharField(max_length=40, help_text="the layout's version it was built at")
    raw = models.BinaryField()
    gzipped = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["layout", "part"], name="map_payload_part")
        ]

    def __str__(self) -> str:
        return f"{self.part} of layout {self.layout_id} at {self.version}"
