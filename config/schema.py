"""OpenAPI schema additions: the error responses every operation can give."""

from __future__ import annotations

_ERROR = {
    "type": "object",
    "description": "A message per field (400) or a `detail` message (other codes).",
    "additionalProperties": True,
}
_ERRORS = {
    "400": "A parameter or field is invalid; the body names it.",
    "401": "Authentication is required or the token is not valid.",
    "403": "Not allowed (a session request without its CSRF token).",
    "404": "No such paper or bookmark (another user's bookmark included).",
    "405": "Method not allowed.",
    "406": "The Accept header asks for a format the API does not give.",
    "415": "The body's media type is not JSON or form data.",
    "429": "Too many requests; `Retry-After` says when to try again.",
}


def add_error_responses(result: dict, generator, request, public) -> dict:
    """drf-spectacular post-processing hook: document the error codes on every operation
    so that clients (and the schema-driven fuzz test) know every answer they can get."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in _ERRORS.items():
                responses.setdefault(code, {
                    "description": description,
                    "content": {"application/json": {"schema": _ERROR}},
                })  # fmt: skip
    return result
