"""The house keeps its shape (issue 23): no module-level import circle anywhere, no private name imported
across modules. The layer and part contracts themselves are import-linter's (pyproject.toml), run by ./run-tests."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

PACKAGE = Path(__file__).resolve().parent.parent / "budgetdesk"


def cycles(graph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each an import circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(start: str) -> None:
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if not child.startswith("budgetdesk"):
                    continue
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        found.append(sorted(group))

    for module in sorted(graph.modules):
        if module.startswith("budgetdesk") and module not in index:
            visit(module)
    return found


def test_no_module_imports_another_that_imports_it_back_in_any_chain():
    graph = grimp.build_graph("budgetdesk")
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_circle():
    class Graph:
        modules = {"budgetdesk.a", "budgetdesk.b", "budgetdesk.c"}
        edges = {"budgetdesk.a": {"budgetdesk.b"}, "budgetdesk.b": {"budgetdesk.c"}, "budgetdesk.c": {"budgetdesk.a"}}

        def find_modules_directly_imported_by(self, m):
            return self.edges.get(m, set())

    assert cycles(Graph()) == [["budgetdesk.a", "budgetdesk.b", "budgetdesk.c"]]


def test_no_private_name_is_imported_from_another_module():
    """Shared helpers are public names of one module (``pdf_style.escape``), never another's ``_escape``."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("budgetdesk"):
                offenders += [f"{path.relative_to(PACKAGE.parent)}: {node.module}.{a.name}"
                              for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
    assert offenders == []


def test_io_and_ui_are_organised_by_part():
    """A newcomer finds a reader, writer, store, page, dialog or flow by its folder (docs/architecture.md)."""
    io_parts = {p.name for p in (PACKAGE / "io").iterdir() if p.is_dir() and p.name != "__pycache__"}
    ui_parts = {p.name for p in (PACKAGE / "ui").iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert {"read", "write", "store", "batch", "catalogue"} <= io_parts
    assert {"pages", "dialogs", "flows"} <= ui_parts
    assert len(list((PACKAGE / "io").glob("*.py"))) <= 12 and len(list((PACKAGE / "ui").glob("*.py"))) <= 16
