"""The saved searches API: /api/v1/saved-searches/ and /api/v1/saved-searches/{id}/.
Thin views: the search page's rules apply in the services."""

from __future__ import annotations

from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import TextField, validated
from search.following.models import Alert, SavedSearch
from search.following.selectors import saved_search_fields, user_saved_search, user_saved_searches
from search.following.services import (
    new_papers_update,
    saved_feed_secrets,
    saved_search_create,
    saved_search_delete,
    saved_search_replace,
    saved_search_update,
)
from search.params import MODES


class SavedSearchInput(serializers.Serializer):
    """What a client sends (types only: the search page's rules apply in the service)."""

    name = TextField(max_length=200)
    q = TextField(required=False, allow_blank=True, max_length=5000)
    mode = serializers.ChoiceField(choices=MODES, required=False)
    category = serializers.ListField(child=TextField(max_length=32), required=False)
    author = serializers.ListField(child=TextField(max_length=200), required=False)
    person = TextField(required=False, allow_blank=True, max_length=200,
                       help_text="an author followed, the name read as a person")  # fmt: skip
    venue = TextField(required=False, allow_blank=True, max_length=100,
                      help_text="accepted or published there: NeurIPS 2024, ICLR")  # fmt: skip
    after = serializers.DateField(required=False, allow_null=True)
    before = serializers.DateField(required=False, allow_null=True)
    alert = serializers.ChoiceField(choices=Alert.values, required=False)


class SavedSearchSerializer(SavedSearchInput):
    id = serializers.IntegerField(read_only=True)
    created = serializers.DateTimeField(read_only=True)
    feed_url = serializers.URLField(read_only=True, help_text="private Atom feed (secret URL)")
    new_count = serializers.IntegerField(
        read_only=True, help_text="papers new since you last looked (at most 1,000)"
    )


def _saved_data(searches: list[SavedSearch], request: Request) -> list[dict]:
    counts = {pid: len(new) for pid, new in new_papers_update(searches).items()}
    secrets = saved_feed_secrets(request.user, searches)
    return [SavedSearchSerializer({
        **saved_search_fields(s), "id": s.id, "created": s.created, "new_count": counts[s.id],
        "feed_url": request.build_absolute_uri(
            reverse("frontend:feed-saved", args=[s.id, secrets[s.id]])),
    }).data for s in searches]  # fmt: skip


# Answers hold private feed URLs: never kept by a cache on the way.
@method_decorator(never_cache, name="dispatch")
class SavedSearchList(APIView):
    """Your saved searches (at most 50): a search's `q`, `mode` and filters, a `name`, and
    `alert` (none, daily or weekly mail). POST saves one; a query the search page would
    reject is a 400 naming the field, as there."""

    @extend_schema(responses=SavedSearchSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(_saved_data(list(user_saved_searches(request.user)), request))

    @extend_schema(request=SavedSearchInput, responses={201: SavedSearchSerializer})
    def post(self, request: Request) -> Response:
        saved = saved_search_create(request.user, validated(SavedSearchInput, request.data))
        return Response(_saved_data([saved], request)[0], status=status.HTTP_201_CREATED)


@method_decorator(never_cache, name="dispatch")
class SavedSearchDetail(APIView):
    """One of your saved searches: read, replace (PUT: the fields left out go back to
    their defaults), change some fields (PATCH) or delete. Another user's is a 404, like
    one that does not exist."""

    def _saved(self) -> SavedSearch:
        saved = user_saved_search(self.request.user, self.kwargs["saved_id"])
        if saved is None:
            raise NotFound("you have no saved search with this id")
        return saved

    @extend_schema(responses=SavedSearchSerializer)
    def get(self, request: Request, saved_id: int) -> Response:
        return Response(_saved_data([self._saved()], request)[0])

    @extend_schema(request=SavedSearchInput, responses=SavedSearchSerializer)
    def put(self, request: Request, saved_id: int) -> Response:
        saved = saved_search_replace(self._saved(), validated(SavedSearchInput, request.data))
        return Response(_saved_data([saved], request)[0])

    @extend_schema(request=SavedSearchInput, responses=SavedSearchSerializer)
    def patch(self, request: Request, saved_id: int) -> Response:
        saved = saved_search_update(
            self._saved(), validated(SavedSearchInput, request.data, partial=True)
        )
        return Response(_saved_data([saved], request)[0])

    @extend_schema(responses={204: None})
    def delete(self, request: Request, saved_id: int) -> Response:
        saved_search_delete(self._saved())
        return Response(status=status.HTTP_204_NO_CONTENT)
