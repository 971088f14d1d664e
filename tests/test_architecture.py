"""The house's rules, read from the code: no import cycle, each folder imports only the
stages before it (site_builder/__init__.py), nothing but engines/ imports MkDocs, no `assert`
stands for an invariant (`python -O` removes it)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "site_builder"
# the folders in the order a build runs them: a folder may import the ones before it
ORDER = ("finishing", "sources", "citing", "linking", "suggest", "pages", "outputs", "engines")
SHARED = ("site_builder.problems", "site_builder.urls")  # used by every stage


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The site_builder modules `name` imports, at its top or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for candidate in (module, *(f"{module}.{alias.name}" for alias in node.names)):
                if candidate in modules and candidate != name and modules[candidate].name != "__init__.py":
                    found.add(candidate)
    return found


GRAPH = {name: _imports(name, path, _modules()) for name, path in _modules().items()}


def _folder(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else ""


def test_no_module_imports_itself_back():
    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in GRAPH[start]:
            if nxt == goal or (nxt not in seen and (seen.add(nxt) or reaches(nxt, goal, seen))):
                return True
        return False

    assert [m for m in GRAPH if reaches(m, m, set())] == []


def test_each_folder_imports_only_the_stages_before_it():
    against = sorted(
        f"{m} -> {t}"
        for m, targets in GRAPH.items()
        for t in targets
        if _folder(m) and _folder(t) and _folder(t) != _folder(m) and ORDER.index(_folder(t)) > ORDER.index(_folder(m))
    )
    assert against == []
    from_the_top = sorted(
        f"{m} -> {t}"
        for m, targets in GRAPH.items()
        for t in targets
        if _folder(m) and not _folder(t) and t not in SHARED and _folder(m) != "engines"
    )
    assert from_the_top == []  # the stages use the build's shared modules only; engines use the build


def test_only_the_engines_import_mkdocs_or_zensical():
    importing = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            if any(n.split(".")[0] in ("mkdocs", "zensical", "material") for n in names):
                importing.append(name)
    assert sorted(set(importing)) == ["site_builder.engines.mkdocs_engine", "site_builder.engines.zensical_engine"]


def test_no_assert_in_the_package():
    asserts = [
        f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
        for path in _modules().values()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Assert)
    ]
    assert asserts == []
