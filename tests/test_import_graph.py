"""The project's import graph has clean edges (issue 15, "clean edges").

A small `ast` walk reads every import of config, programs, occupations and assessments, including the ones
written inside functions (an import moved into a function to dodge a cycle is still a cycle), and checks:

- no cycle between modules of different apps, and none among the modules of assessments/;
- no module imports another module's private name (`from x import _y`): what two modules share lives in a
  module of its own under a public name.

Imports under `if TYPE_CHECKING:` do not run, so they are not edges.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "programs", "occupations", "assessments")
# The apps, each built on the ones before it. config is the project's package, at both ends: its
# settings and security helpers are below every app, its URLs and Celery app above them all; so
# it is held to the module rule only.
APP_LAYERS = ("occupations", "programs", "assessments")


@dataclass(frozen=True)
class Import:
    """One import statement's target: `module`, and the `names` taken from it (empty for `import x`)."""

    source: str
    module: str
    names: tuple[str, ...]
    line: int


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                modules[module_name(path)] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _statements(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import in the tree, at any depth, except the bodies of `if TYPE_CHECKING:`."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _absolute(source: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = source.split(".") if path.name == "__init__.py" else source.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(source: str, path: Path) -> Iterator[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in _statements(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(source, alias.name, (), node.lineno)
        else:
            names = tuple(alias.name for alias in node.names)
            yield Import(source, _absolute(source, path, node), names, node.lineno)


def _known(name: str, modules: dict[str, Path]) -> str | None:
    """The deepest project module that `name` names or lies in (`programs.engine.rules.RuleSet` -> the module)."""
    parts = name.split(".")
    while parts:
        if ".".join(parts) in modules:
            return ".".join(parts)
        parts.pop()
    return None


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """module -> the project modules it imports; `from pkg import mod` points at the submodule."""
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for source, path in modules.items():
        for imp in imports_of(source, path):
            targets = [f"{imp.module}.{name}" for name in imp.names] or [imp.module]
            for target in targets:
                known = _known(target, modules)
                if known and known != source:
                    graph[source].add(known)
    return graph


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's components of more than one module: each is a set of modules that import each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph[node]):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def one_cycle(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    """A shortest path from the component's first module back to itself, to say where the cycle runs."""
    members = set(component)
    start = component[0]
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for succ in sorted(graph[node] & members):
            if succ == start:
                return [*paths[node], start]
            if succ not in paths:
                paths[succ] = [*paths[node], succ]
                queue.append(succ)
    return component


def forbidden_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules importing each other that span two apps or lie in assessments/."""
    return [
        component
        for component in strongly_connected(graph)
        if len({name.split(".")[0] for name in component}) > 1
        or component[0].startswith("assessments.")
    ]


def private_imports(modules: dict[str, Path]) -> list[str]:
    """`from x import _y` where x is another project module and `_y` is not itself a module."""
    found = []
    for source, path in modules.items():
        for imp in imports_of(source, path):
            if _known(imp.module, modules) is None:
                continue
            for name in imp.names:
                if name.startswith("_") and f"{imp.module}.{name}" not in modules:
                    found.append(f"{source}:{imp.line} imports {imp.module}.{name}")
    return found


def private_attributes(modules: dict[str, Path]) -> list[str]:
    """`module._y` read through a project module imported whole (`from assessments import views`)."""
    found = []
    for source, path in modules.items():
        bound: dict[str, str] = {}
        for imp in imports_of(source, path):
            for name in imp.names:
                if f"{imp.module}.{name}" in modules:
                    bound[name] = f"{imp.module}.{name}"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in bound
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                found.append(f"{source}:{node.lineno} reads {bound[node.value.id]}.{node.attr}")
    return found


def test_no_cycle_between_apps_or_inside_assessments():
    graph = import_graph(project_modules())
    found = [
        f"{' -> '.join(one_cycle(graph, component))} (and {', '.join(component)})"
        for component in forbidden_cycles(graph)
    ]
    assert not found, "import cycles:\n" + "\n".join(found)


def test_apps_import_only_the_apps_below_them():
    """programs reads occupations and assessments reads both, never the other way round, even
    where no cycle of modules closes (occupations' admin once imported programs' models)."""
    graph = import_graph(project_modules())
    upward = sorted(
        f"{source} imports {target}"
        for source, targets in graph.items()
        for target in targets
        if source.split(".")[0] in APP_LAYERS
        and target.split(".")[0] in APP_LAYERS
        and APP_LAYERS.index(target.split(".")[0]) > APP_LAYERS.index(source.split(".")[0])
    )
    assert not upward, "an app imports one built on it:\n" + "\n".join(upward)


def test_no_module_imports_another_modules_private_name():
    modules = project_modules()
    found = private_imports(modules) + private_attributes(modules)
    assert not found, "private names used across modules:\n" + "\n".join(found)


def test_the_walk_sees_imports_inside_functions_and_relative_ones(tmp_path):
    """The walker itself: a cycle hidden in a function body, through a relative import, is found."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from . import b\n")
    (package / "b.py").write_text("def later():\n    from .a import _helper\n")
    (package / "d.py").write_text("from pkg import a\n\nvalue = a._helper\n")
    (package / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import a\n"
    )
    modules = {module_name(path, tmp_path): path for path in sorted(package.glob("*.py"))}
    graph = import_graph(modules)
    assert graph["pkg.a"] == {"pkg.b"}
    assert graph["pkg.b"] == {"pkg.a"}
    assert graph["pkg.c"] == set()
    assert forbidden_cycles(graph) == []  # not an app of this project
    assert one_cycle(graph, ["pkg.a", "pkg.b"]) == ["pkg.a", "pkg.b", "pkg.a"]
    assert strongly_connected(graph) == [["pkg.a", "pkg.b"]]
    assert private_imports(modules) == ["pkg.b:2 imports pkg.a._helper"]
    assert private_attributes(modules) == ["pkg.d:3 reads pkg.a._helper"]
