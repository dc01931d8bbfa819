"""The settings reference: every environment variable Paperscope reads, with its default
and meaning, as the documentation's table (docs/configuration.md, built by docs/hooks.py).

Which variables exist and their defaults come from the code itself, read from its syntax
tree rather than by importing it, so a variable read only in production (`if PRODUCTION:`)
counts too: the `config.env` readers and `os.environ` in the project's apps, and the
`${VAR:-default}` substitutions of docker-compose.yml. Their meanings are written in
docs/settings.yml. A variable read but not described there, or described but read
nowhere, is an error: the docs build fails, and so does
tests/config/test_settings_documented.py.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DESCRIPTIONS = ROOT / "docs" / "settings.yml"
CODE = ("config", "papers", "search", "frontend")
COMPOSE = "docker-compose.yml"
# config.env's readers: the first argument names the variable.
READERS = {"env_str", "env_bool", "env_int", "env_float", "env_list", "env_choice",
           "read_cache", "read_database", "read_email", "read_replicas"}  # fmt: skip
# Read from the environment but set by the system, not by whoever runs Paperscope.
NOT_SETTINGS = {"XDG_RUNTIME_DIR"}
# ${NAME}, ${NAME:-default}, ${NAME:?error when unset}.
_COMPOSE_VARIABLE = re.compile(r"\$\{([A-Z][A-Z0-9_]*)(?::?(-|\?)([^}]*))?\}")


class SettingsUndocumented(Exception):
    """The code and docs/settings.yml disagree on which variables exist."""


@dataclass(frozen=True)
class Read:
    name: str
    where: str  # the file reading it, relative to the repository
    default: str | None  # the default as the code writes it; None when it gives none


@dataclass(frozen=True)
class Setting:
    name: str
    default: str  # markdown
    meaning: str  # markdown


def variables_read(root: Path = ROOT) -> dict[str, list[Read]]:
    """Every environment variable the code and docker-compose.yml read, by name."""
    reads: dict[str, list[Read]] = {}
    files = sorted(f for package in CODE for f in (root / package).rglob("*.py"))
    for path in files:
        where = str(path.relative_to(root))
        source = path.read_text()
        for node in ast.walk(ast.parse(source)):
            found = _read_in(node, source)
            if found and found[0] not in NOT_SETTINGS:
                reads.setdefault(found[0], []).append(Read(found[0], where, found[1]))
    for match in _COMPOSE_VARIABLE.finditer((root / COMPOSE).read_text()):
        name, kind, text = match.groups()
        reads.setdefault(name, []).append(Read(name, COMPOSE, text if kind == "-" else None))
    return reads


def _read_in(node: ast.AST, source: str) -> tuple[str, str | None] | None:
    """(name, default's source) when `node` reads an environment variable by a literal name."""
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
        if _is_os_environ(node.value) and isinstance(node.slice, ast.Constant):
            return node.slice.value, None
        return None
    if not isinstance(node, ast.Call) or not node.args:
        return None
    first = node.args[0]
    if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
        return None
    func = node.func
    reader = isinstance(func, ast.Name) and func.id in READERS
    environ_get = (isinstance(func, ast.Attribute) and func.attr == "get"
                   and _is_os_environ(func.value))  # fmt: skip
    getenv = isinstance(func, ast.Attribute) and func.attr == "getenv"
    if not (reader or environ_get or getenv):
        return None
    default = next((k.value for k in node.keywords if k.arg == "default"), None)
    if default is None and len(node.args) > 1:
        default = node.args[1]
    return first.value, None if default is None else ast.get_source_segment(source, default)


def _is_os_environ(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ"
            and isinstance(node.value, ast.Name) and node.value.id == "os")  # fmt: skip


def described(path: Path = DESCRIPTIONS) -> dict[str, dict[str, dict[str, str]]]:
    """docs/settings.yml: {section: {NAME: {"meaning": ..., "default": ...}}}."""
    return yaml.safe_load(path.read_text())


def reference(root: Path = ROOT, path: Path = DESCRIPTIONS) -> dict[str, list[Setting]]:
    """The table's rows by section, in docs/settings.yml's order; SettingsUndocumented
    when a variable is read but not described, or described but read nowhere."""
    reads = variables_read(root)
    sections = described(path)
    names = [name for section in sections.values() for name in section]
    missing = sorted(set(reads) - set(names))
    stale = sorted(set(names) - set(reads))
    if missing or stale:
        problems = []
        if missing:
            where = {n: sorted({r.where for r in reads[n]}) for n in missing}
            problems.append("read but not described in docs/settings.yml: " + ", ".join(
                f"{n} ({', '.join(where[n])})" for n in missing))  # fmt: skip
        if stale:
            problems.append("described in docs/settings.yml but read nowhere: " + ", ".join(stale))
        raise SettingsUndocumented("; ".join(problems))
    return {
        title: [Setting(name, _default(entry, reads[name]), entry["meaning"].strip())
                for name, entry in section.items()]
        for title, section in sections.items()
    }  # fmt: skip


def _default(entry: dict[str, str], reads: list[Read]) -> str:
    """The documented default: what docs/settings.yml says where the code's is computed
    (it depends on other settings, the machine or a path), else the code's own literal."""
    if "default" in entry:
        return str(entry["default"])
    literals = {_literal(r.default) for r in reads if r.default is not None}
    literals.discard(None)
    if len(literals) != 1:
        return "unset"
    return literals.pop()


def _literal(source: str) -> str | None:
    """A default's source as the table shows it: `3`, `true`, `a,b`, unset; None when it
    is an expression rather than a value."""
    try:
        value = ast.literal_eval(source)
    except (ValueError, SyntaxError):
        # docker-compose.yml's defaults are plain text, not Python.
        return f"`{source}`" if source and not any(c in source for c in "()[] ") else None
    if value in ("", None, []):
        return "unset"
    if isinstance(value, bool):
        value = str(value).lower()
    elif isinstance(value, list):
        value = ",".join(value)
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"`{value}`"


def markdown(sections: dict[str, list[Setting]]) -> str:
    """The reference as one markdown table per section."""
    parts = []
    for title, settings in sections.items():
        rows = [f"| `{s.name}` | {s.default} | {_cell(s.meaning)} |" for s in settings]
        parts.append(f"### {title}\n\n| variable | default | meaning |\n| --- | --- | --- |\n"
                     + "\n".join(rows) + "\n")  # fmt: skip
    return "\n".join(parts)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
