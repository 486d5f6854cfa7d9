"""The package's layout is its architecture: rooms by concern, imports pointing down, no cycles.

Read from the source with ``ast`` (every import, including those inside
functions), so a lazy import cannot hide a cycle.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

from tests.helpers import ROOT

PACKAGE = ROOT / "dbtool"
# Lowest first: a module may import its own layer and the layers before it.
LAYERS = [
    "errors",
    "display",
    "core",
    "db",
    "seedformat",
    "load",
    "draft",
    "checks",
    "reports",
    "api",
    "verify",
    "cli",
    "__main__",
]


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """module -> the dbtool modules it imports (a package import names its ``__init__``)."""
    modules = {_module(p): p for p in PACKAGE.rglob("*.py") if "_alembic" not in p.parts}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # "from dbtool.db import models" imports dbtool.db and dbtool.db.models
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            found |= {t for t in targets if t in modules}
        found.discard(name)
        graph[name] = found
    return graph


def _layer(module: str) -> int:
    top = module.split(".")[1] if "." in module else "__init__"
    return LAYERS.index(top) if top in LAYERS else -1


def test_the_import_graph_has_no_cycle() -> None:
    graph = _imports()
    try:
        list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as exc:
        pytest.fail(f"import cycle: {' -> '.join(exc.args[1])}")


def test_no_module_imports_a_layer_above_its_own() -> None:
    upward = [
        f"{module} imports {target}"
        for module, targets in _imports().items()
        for target in targets
        if _layer(module) >= 0 and _layer(target) > _layer(module)
    ]
    assert upward == []


def test_the_top_level_holds_at_most_five_modules() -> None:
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(modules) <= 5, modules
    rooms = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert rooms == [
        "checks",
        "cli",
        "core",
        "db",
        "draft",
        "load",
        "reports",
        "seedformat",
        "verify",
    ]


# What each room may import at run time (type-only imports aside): the checks reason over
# what the database holds, never over seed files; the reports read the database, never run
# the checks or a load; the core needs neither the database nor pydantic.
ROOMS = {
    "core": {"core", "display", "errors"},
    "checks": {"checks", "core", "db", "display", "errors"},
    "seedformat": {"seedformat", "core", "db", "display", "errors"},
    "load": {"load", "seedformat", "core", "db", "display", "errors"},
    "draft": {"draft", "seedformat", "core", "db", "display", "errors"},
    "reports": {"reports", "core", "db", "display", "errors"},
}


def _runtime_imports(path: Path) -> set[str]:
    """The dbtool modules ``path`` imports outside ``if TYPE_CHECKING:`` blocks."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and ast.unparse(block.test) == "TYPE_CHECKING"
        for node in ast.walk(block)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name.startswith("dbtool.")}


@pytest.mark.parametrize("room", sorted(ROOMS))
def test_each_room_imports_only_the_rooms_it_may(room: str) -> None:
    wrong = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((PACKAGE / room).rglob("*.py"))
        for name in sorted(_runtime_imports(path))
        if name.split(".")[1] not in ROOMS[room]
    ]
    assert wrong == []
