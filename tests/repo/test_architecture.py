"""The package's shape, as docs/architecture.md states it.

Every module of crmkit is listed in the architecture page with its layer; imports only
run downwards (or sideways within a layer) and never in a circle; no module grows past
what a reader holds in one sitting; the installed package carries no maintainer or
instructor command. The page is the single source: a module missing from it, or listed
there but absent, fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "crmkit"
PAGE = ROOT / "docs" / "architecture.md"
LAYERS = ["foundation", "definitions", "world", "datasets", "technique", "teaching", "chapter"]
MAX_LINES = 650  # "about 600": the aim in docs/architecture.md, with a little slack


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {
    _module_name(p): p
    for p in sorted(PACKAGE.rglob("*.py"))
    if "__pycache__" not in p.parts and p != PACKAGE / "__init__.py"
}


def _declared_layers() -> dict[str, str]:
    """`crmkit.x` -> layer, from the rows of the page's module table."""
    rows = re.findall(
        r"^\|\s*`(crmkit(?:\.[\w.]+)?)`\s*\|\s*(\w+)\s*\|", PAGE.read_text("utf-8"), re.M
    )
    return dict(rows)


def _imports(path: Path, name: str) -> set[str]:
    """The crmkit modules ``path`` imports, at any depth (lazy imports count too)."""
    tree = ast.parse(path.read_text("utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("crmkit."))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            if not module.startswith("crmkit"):
                continue
            for alias in node.names:
                candidate = f"{module}.{alias.name}"
                found.add(candidate if candidate in MODULES else module)
    found.discard("crmkit")
    found.discard(name)
    return {m for m in found if m in MODULES}


GRAPH = {name: _imports(path, name) for name, path in MODULES.items()}


def test_every_module_is_on_the_architecture_page():
    declared = _declared_layers()
    missing = sorted(set(MODULES) - set(declared))
    assert not missing, f"add {missing} to the module table of docs/architecture.md"
    gone = sorted(set(declared) - set(MODULES))
    assert not gone, f"docs/architecture.md lists {gone}, which crmkit does not have"
    unknown = {m: layer for m, layer in declared.items() if layer not in LAYERS}
    assert not unknown, f"layers must be one of {LAYERS}; got {unknown}"


def test_imports_only_run_downwards():
    declared = _declared_layers()
    upward = [
        f"{src} ({declared[src]}) imports {dst} ({declared[dst]})"
        for src, targets in GRAPH.items()
        for dst in sorted(targets)
        if src in declared
        and dst in declared
        and LAYERS.index(declared[dst]) > LAYERS.index(declared[src])
    ]
    assert not upward, "imports that run upwards:\n" + "\n".join(upward)


def _cycle() -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(GRAPH):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycle():
    cycle = _cycle()
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_cycle_finder_finds_a_cycle(monkeypatch):
    """The check above can fail: a planted cycle is found."""
    monkeypatch.setitem(GRAPH, "crmkit._checks", GRAPH["crmkit._checks"] | {"crmkit.world"})
    monkeypatch.setitem(GRAPH, "crmkit.world", GRAPH["crmkit.world"] | {"crmkit._checks"})
    assert _cycle() is not None


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_is_readable_in_one_sitting(name):
    lines = len(MODULES[name].read_text("utf-8").splitlines())
    assert lines <= MAX_LINES, (
        f"{name} has {lines} lines; split it by idea (docs/architecture.md: aim for 600)"
    )


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_command_inside_the_package(name):
    """Maintainer and instructor commands live in tools/, run through kit.py."""
    text = MODULES[name].read_text("utf-8")
    assert "__main__" not in text and "import argparse" not in text, (
        f"{name} carries a command line; move it to tools/ and run it through kit.py"
    )
    assert not (MODULES[name].parent / "__main__.py").exists()


def test_the_package_never_imports_tools():
    offenders = [
        name
        for name, path in MODULES.items()
        if re.search(r"^\s*(from|import)\s+tools\b", path.read_text("utf-8"), re.M)
    ]
    assert not offenders, f"{offenders} import tools/, which is not installed"


def test_every_public_module_is_an_attribute_of_the_package():
    """``crmkit.wallet`` works without an import, as for every other public module."""
    import crmkit

    public = {name.split(".")[1] for name in MODULES if name.count(".") >= 1 and "._" not in name}
    missing = sorted(public - set(crmkit.__all__))
    assert not missing, f"add {missing} to _SUBMODULES in crmkit/__init__.py"
