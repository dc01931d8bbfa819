"""Who is asking: the client's address, behind as many trusted proxies as NUM_PROXIES says.
API throttles and the login lockout both key on it."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import TokenAuthentication
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR with no proxy in front. Behind NUM_PROXIES proxies, each appending the
    address it saw to X-Forwarded-For, the entry the outermost one wrote: whatever the
    client wrote before it is not to be trusted (a forged header cannot pick an address)."""
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not settings.NUM_PROXIES or not forwarded.strip():
        return remote
    addresses = [address.strip() for address in forwarded.split(",")]
    return addresses[-min(settings.NUM_PROXIES, len(addresses))] or remote


class AnonThrottle(AnonRateThrottle):
    def get_ident(self, request) -> str:
        return client_address(request)


class UserThrottle(UserRateThrottle):
    def get_ident(self, request) -> str:  # for anonymous requests, which it does not limit
        return client_address(request)


class BearerTokenAuthentication(TokenAuthentication):
    """The API token as `Authorization: Bearer <token>`, which MCP clients (and most HTTP
    tooling) send; DRF's own scheme is `Token <token>`. Both name the same tokens."""

    keyword = "Bearer"


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """The Bearer form in the OpenAPI schema, beside DRF's `Token` form."""

    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema) -> dict:
        return {"type": "http", "scheme": "bearer",
                "description": "Your API token (account page), as `Bearer <token>`"}  # fmt: skip


def over_limit(bucket: str, limit: int, seconds: int) -> bool:
    """Count one more event in `bucket` (kept `seconds` from its first); True once there
    have been more than `limit`. For page forms that DRF's throttles do not cover (sign-up,
    password reset); the cache is shared between processes where CACHE_URL names Redis."""
    key = f"over-limit:{bucket}"
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr: this is the first of a new window
        cache.add(key, 1, seconds)
        return False
