from django.apps import AppConfig


class RecommendConfig(AppConfig):
    """ "For you": recommendations from a library, feedback on them, and their evaluation."""

    name = "search.recommend"
    label = "recommend"

    def ready(self) -> None:
        from search.recommend import receivers  # noqa: F401  (connects them)
