from django.apps import AppConfig


class MapConfig(AppConfig):
    """The map of the field: layout, regions, payload, growth counts."""

    name = "search.map"
    label = "map"

    def ready(self) -> None:
        from search.map import receivers  # noqa: F401  (connects them)
