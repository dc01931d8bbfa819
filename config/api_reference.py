"""The API reference as markdown, from the OpenAPI schema the site serves at
/api/v1/schema/ (the same drf-spectacular generator), for the documentation's API page
(docs/hooks.py): every operation by tag, with its parameters, body and answers."""

from __future__ import annotations

from typing import Any

from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def markdown(document: dict[str, Any] | None = None) -> str:
    document = document or schema()
    by_tag: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                operation = item[method]
                tag = (operation.get("tags") or ["other"])[0]
                by_tag.setdefault(tag, []).append((method, path, operation))
    parts = [f"{sum(len(ops) for ops in by_tag.values())} operations, schema version "
             f"{document['info']['version']}.\n"]  # fmt: skip
    for tag in sorted(by_tag):
        parts.append(f"### {tag}\n")
        for method, path, operation in by_tag[tag]:
            parts.append(_operation(method, path, operation))
    parts.append(_models(document))
    return "\n".join(parts)


def _operation(method: str, path: str, operation: dict[str, Any]) -> str:
    lines = [f"#### `{method.upper()} {path}`\n"]
    text = (operation.get("description") or operation.get("summary") or "").strip()
    if text:
        lines.append(" ".join(text.split()) + "\n")
    security = operation.get("security") or []
    if security and {} not in security:
        lines.append("Needs a session or a token.\n")
    parameters = operation.get("parameters") or []
    if parameters:
        lines.append("| parameter | in | type | required | meaning |")
        lines.append("| --- | --- | --- | --- | --- |")
        for p in parameters:
            lines.append(f"| `{p['name']}` | {p['in']} | {_type(p.get('schema', {}))} | "
                         f"{'yes' if p.get('required') else 'no'} | "
                         f"{_cell(p.get('description', ''))} |")  # fmt: skip
        lines.append("")
    body = operation.get("requestBody", {}).get("content", {})
    if body:
        kind, content = next(iter(body.items()))
        lines.append(f"Body: {_type(content.get('schema', {}))} as `{kind}`.\n")
    responses = operation["responses"]
    answers = [f"{code} {_answer(responses[code])}" for code in responses if code < "400"]
    errors = ", ".join(sorted(code for code in responses if code >= "400"))
    errors = f". Errors: {errors}" if errors else ""
    lines.append("Answers: " + "; ".join(answers) + errors + ".\n")
    return "\n".join(lines)


def _models(document: dict[str, Any]) -> str:
    """Each named schema's fields, for the types the operations name."""
    parts = ["### Models\n"]
    for name, model in sorted(document.get("components", {}).get("schemas", {}).items()):
        parts.append(f"#### `{name}`\n")
        if "enum" in model:
            parts.append(f"One of {_type(model)}.\n")
            continue
        required = set(model.get("required", []))
        fields = model.get("properties", {})
        if not fields:
            parts.append(f"{_type(model)}.\n")
            continue
        parts.append("| field | type | meaning |\n| --- | --- | --- |")
        for field, spec in fields.items():
            flags = [flag for flag, on in (("read-only", spec.get("readOnly")),
                                           ("optional", field not in required),
                                           ("nullable", spec.get("nullable"))) if on]  # fmt: skip
            meaning = _cell(spec.get("description", ""))
            suffix = f" ({', '.join(flags)})" if flags else ""
            parts.append(f"| `{field}` | {_type(spec)}{suffix} | {meaning} |")
        parts.append("")
    return "\n".join(parts)


def _answer(response: dict[str, Any]) -> str:
    content = response.get("content") or {}
    if not content:
        return _cell(response.get("description", "")) or "(no body)"
    kind, body = next(iter(content.items()))
    return f"{_type(body.get('schema', {}))} (`{kind}`)"


def _type(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return f"`{schema['$ref'].rsplit('/', 1)[-1]}`"
    if "enum" in schema:
        return " \\| ".join(f"`{value}`" for value in schema["enum"] if value not in ("", None))
    if schema.get("type") == "array":
        return f"list of {_type(schema.get('items', {}))}"
    if "allOf" in schema or "oneOf" in schema:
        parts = schema.get("allOf") or schema.get("oneOf")
        return " or ".join(_type(part) for part in parts)
    kind = schema.get("type", "object")
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")
