from django.apps import AppConfig


class FollowingConfig(AppConfig):
    """Saved searches, the new-paper rule, digests, private feeds and unsubscribing."""

    name = "search.following"
    label = "following"

    def ready(self) -> None:
        from search.following import receivers  # noqa: F401  (connects them)
