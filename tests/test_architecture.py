"""The apps form a tree: an AST read of every `counterpart.*` import (function-level ones included, which
import-linter also sees, but this check needs no tool) finds no cycle between apps, and the UI helper
modules know no domain."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "counterpart"


def app_of(path: Path) -> str:
    """The app a source file belongs to: its first folder under the package, or the module name for the
    package's own top-level modules (urls, api, settings)."""
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")


def imported_apps(source: str) -> set[str]:
    """The `counterpart.<app>` names a module imports, at any depth of its code."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            if node.module == "counterpart":
                names = [f"counterpart.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        found.update(name.split(".")[1] for name in names if name.startswith("counterpart."))
    return found


def app_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        app = app_of(path)
        graph[app].update(imported_apps(path.read_text(encoding="utf-8")) - {app})
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of `graph` as a list of nodes (first == last), or None: a depth-first search."""
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_find_cycle_finds_a_cycle_and_accepts_a_tree() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    tree = {"web": {"pairings", "meetings"}, "meetings": {"pairings"}, "pairings": {"core"}}
    assert find_cycle(tree) is None


def test_imported_apps_reads_function_level_and_package_imports() -> None:
    source = "from counterpart.core.ui import paginate\ndef f():\n    from counterpart import web\n"
    assert imported_apps(source) == {"core", "web"}


def test_the_apps_import_each_other_without_a_cycle() -> None:
    graph = app_graph()
    assert {"core", "pairings", "meetings", "agreements", "web"} <= set(graph) | {"core"}
    assert find_cycle(graph) is None, f"the apps import each other in a circle: {find_cycle(graph)}"


@pytest.mark.parametrize("module", ["core/ui.py", "core/extensions.py"])
def test_ui_helpers_know_no_domain(module: str) -> None:
    assert imported_apps((PACKAGE / module).read_text(encoding="utf-8")) == set()


def test_core_imports_no_other_app() -> None:
    assert app_graph()["core"] == set()


#: Concrete models without a history, and why (docs/architecture.md, "History", says the same).
WITHOUT_HISTORY = {
    "core.ApiToken": "a secret's hash; its own created, last-used and revoked stamps are its record",
    "plans.PlansJob": "a background job is its own log (status, stage, times, outcome)",
    "households.ImportJob": "a background job is its own log (status, stage, times, outcome)",
    "funds.ProjectImportJob": "a background job is its own log (status, stage, times, outcome)",
    "households.StatusChange": "an append-only log of a household's status, never edited",
    "households.UnmaskLog": "an append-only audit log, never edited",
    "assistance.TrainingAttendance": "link rows written in bulk with their training, never edited",
    "plans.ItemUnit": "link rows written in bulk with their item (its history records the import)",
    "demo.DemoRecord": "bookkeeping of the generated demo data",
}


def test_every_concrete_model_has_a_history_or_a_reason() -> None:
    from django.apps import apps

    without = {
        model._meta.label
        for config in apps.get_app_configs()
        for model in config.get_models()
        if model.__module__.startswith("counterpart.")
        and not model.__name__.startswith("Historical")
        and not hasattr(model, "history")
    }
    assert without == set(WITHOUT_HISTORY)
