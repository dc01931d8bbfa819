"""The project's modules import one way: no two modules import each other, however
indirectly (imports inside functions count: they are how cycles hide), `papers` never
imports `search` or `frontend`, and `search` never imports `frontend`."""

import ast
from pathlib import Path

from tests.conftest import REPO_DIR

APPS = ("config", "papers", "search", "frontend")


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO_DIR).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    files = [
        p for app in APPS for p in (REPO_DIR / app).rglob("*.py") if "migrations" not in p.parts
    ]
    modules = {module_name(p): p for p in files}
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


def test_dependencies_point_one_way():
    forbidden = {"papers": ("search", "frontend"), "search": ("frontend",)}
    wrong = [
        (name, target)
        for name, targets in import_graph().items()
        for target in targets
        if target.split(".")[0] in forbidden.get(name.split(".")[0], ())
    ]
    assert wrong == []
