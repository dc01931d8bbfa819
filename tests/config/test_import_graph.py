"""The project's modules import one way: no two modules import each other, however
indirectly (imports inside functions count: they are how cycles hide), `papers` never
imports `search` or `frontend`, and `search` never imports `frontend`. Inside `search`,
retrieval imports none of the features built on it (following, recommend, map, agents), and a
feature reaches another only through its services and selectors. No module names a
module it may not import in a string either (a task sent by name is an import in
disguise). Pages use services and selectors, never the ORM."""

import ast
import re
from pathlib import Path

from tests.conftest import REPO_DIR

APPS = ("config", "papers", "search", "frontend")


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO_DIR).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


FEATURES = ("search.following", "search.recommend", "search.map", "search.agents",
            "search.authors")
PUBLIC = ("services", "selectors")  # what a feature offers the others
FORBIDDEN = {"papers": ("search", "frontend"), "search": ("frontend",)}


def sources() -> dict[str, Path]:
    files = [
        p for app in APPS for p in (REPO_DIR / app).rglob("*.py") if "migrations" not in p.parts
    ]
    return {module_name(p): p for p in files}


def import_graph() -> dict[str, set[str]]:
    modules = sources()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # `from papers import encoder` imports the module papers.encoder.
                targets |= {f"{node.module}.{alias.name}" for alias in node.names}
                targets.add(node.module)
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def test_no_import_cycles():
    graph = import_graph()
    visiting, done, cycles = [], set(), []

    def visit(name: str) -> None:
        if name in done:
            return
        if name in visiting:
            cycles.append([*visiting[visiting.index(name) :], name])
            return
        visiting.append(name)
        for target in sorted(graph[name]):
            visit(target)
        visiting.pop()
        done.add(name)

    for name in sorted(graph):
        visit(name)
    assert cycles == []


def feature_of(module: str) -> str | None:
    return next((f for f in FEATURES if module == f or module.startswith(f + ".")), None)


def may_import(name: str, target: str) -> bool:
    if name.startswith("config."):
        return True  # the project's settings and wiring name every app
    if target.split(".")[0] in FORBIDDEN.get(name.split(".")[0], ()):
        return False
    mine, theirs = feature_of(name), feature_of(target)
    if theirs is None or theirs == mine or name.startswith("frontend."):
        return True
    if mine is None and name.startswith("search."):
        return False  # retrieval never depends on what is built on it
    return target.removeprefix(theirs + ".") in PUBLIC


def test_dependencies_point_one_way():
    wrong = [
        (name, target)
        for name, targets in import_graph().items()
        for target in targets
        if not may_import(name, target)
    ]
    assert wrong == []


def test_no_module_names_one_it_may_not_import_in_a_string():
    modules = sources()
    dotted = re.compile(r"\b[a-z_]+(?:\.[a-z_]+)+\b")
    wrong = []
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for target in dotted.findall(node.value):
                    known = [m for m in modules if f"{target}.".startswith(f"{m}.")]
                    if known and not may_import(name, max(known, key=len)):
                        wrong.append((name, target))
    assert wrong == []


def test_pages_never_query_the_database_themselves():
    wrong = [
        (name, node.lineno)
        for name, path in sources().items()
        if name.startswith("frontend.")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Attribute) and node.attr == "objects"
    ]
    assert wrong == []


def test_the_rules_themselves():
    assert not may_import("papers.tasks", "search.map.tasks")
    assert not may_import("search.pipeline", "search.following.selectors")
    assert not may_import("search.following.digests", "search.recommend.recommender")
    assert may_import("search.following.digests", "search.recommend.selectors")
    assert may_import("search.map.services", "search.semantic")
    assert not may_import("search.map.api", "frontend.views.map")
