"""DRF plumbing every API view shares: strict cursor pagination, the errors (handler and
schema), query parameters documented from the forms that validate them."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.views import exception_handler

ACCEPTED_MEDIA_TYPE = "application/json"


def api_exception_handler(error: Exception, context: dict):
    """DRF's handler, plus: a Django ValidationError (raised by services and parameter
    forms) is a 400 naming each field, and a 415 says which media type to send."""
    if isinstance(error, DjangoValidationError):
        detail = error.message_dict if hasattr(error, "error_dict") else {
            "non_field_errors": error.messages}  # fmt: skip
        error = ValidationError(detail)
    elif isinstance(error, exceptions.UnsupportedMediaType):
        error.detail = exceptions.ErrorDetail(
            f"{error.detail} Send {ACCEPTED_MEDIA_TYPE}.", code=error.detail.code
        )
    return exception_handler(error, context)


def validated(serializer_class: type[serializers.Serializer], data, partial: bool = False) -> dict:
    """The request body's fields, type-checked by an input serializer (400 naming them)."""
    serializer = serializer_class(data=data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class TextField(serializers.CharField):
    """A JSON string, and only that: DRF's CharField would take 0 or true as "0", "True"."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


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


def form_parameters(form_class: type[forms.Form], exclude: tuple[str, ...] = ()):
    """OpenAPI query parameters of a form's fields, so that the schema states exactly the
    limits the form enforces (the API fuzz test holds both to it)."""
    parameters = []
    for name, field in form_class.base_fields.items():
        if name in exclude:
            continue
        schema: dict = {"type": "string"}
        if hasattr(field, "openapi_schema"):  # a field of our own states its schema
            schema = field.openapi_schema
        elif isinstance(field, forms.IntegerField):
            schema = {"type": "integer"}
            for validator in field.validators:
                limit = getattr(validator, "limit_value", None)
                key = {"min_value": "minimum", "max_value": "maximum"}.get(validator.code)
                if key and limit is not None:
                    schema[key] = limit
        elif isinstance(field, forms.ChoiceField):
            schema["enum"] = [value for value, _ in field.choices]
        elif isinstance(field, forms.DateField):
            schema["format"] = "date"
        elif isinstance(field, forms.CharField):
            if field.max_length:
                schema["maxLength"] = field.max_length
            if name not in getattr(form_class, "blank_allowed", ()):
                schema["minLength"] = 1
        parameters.append(OpenApiParameter(
            name, type=schema, required=field.required, description=field.help_text,
            explode=True if schema["type"] == "array" else None,
        ))  # fmt: skip
    return parameters


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
    "414": "The URL is longer than the server takes (8,190 bytes with gunicorn): shorten "
    "the query.",
    "415": f"The body's media type is not {ACCEPTED_MEDIA_TYPE}.",
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
