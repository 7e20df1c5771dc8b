"""The CLI package stays small and one-way: short modules and functions, no import cycle."""

import ast
from pathlib import Path

import docfiler.cli

PACKAGE = Path(docfiler.cli.__file__).parent
MODULES = sorted(PACKAGE.glob("*.py"))


def test_what_the_package_exports():
    assert sorted(docfiler.cli.__all__) == ["State", "app", "main", "run"]


def test_no_module_over_500_lines_and_no_function_over_60():
    too_long = []
    for path in MODULES:
        source = path.read_text(encoding="utf-8")
        if source.count("\n") > 500:
            too_long.append(path.name)
        for node in ast.walk(ast.parse(source)):
            is_function = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            if is_function and node.end_lineno - node.lineno + 1 > 60:
                too_long.append(f"{path.name}:{node.name}")
    assert too_long == []


def _cli_imports(path: Path) -> set[str]:
    """The docfiler.cli modules a module imports (at any depth of its code)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "docfiler.cli":
            found |= {alias.name for alias in node.names if (PACKAGE / f"{alias.name}.py").exists()}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("docfiler.cli."):
            found.add(node.module.removeprefix("docfiler.cli."))
        elif isinstance(node, ast.Import):
            found |= {
                a.name.removeprefix("docfiler.cli.")
                for a in node.names
                if a.name.startswith("docfiler.cli.")
            }
    return found


def test_no_import_cycle_inside_the_cli():
    graph = {path.stem: _cli_imports(path) for path in MODULES if path.stem != "__init__"}
    assert graph["root"] >= {"admin", "cleanup", "documents", "outputs", "state", "zh"}
    visiting, done = set(), set()

    def visit(module, trail):
        assert module not in visiting, " → ".join([*trail, module])
        if module in done:
            return
        visiting.add(module)
        for imported in graph[module]:
            visit(imported, [*trail, module])
        visiting.discard(module)
        done.add(module)

    for module in graph:
        visit(module, [])
    # Area modules never import the root, nor each other.
    shared = {"state", "zh", "printing", "word_files"}
    areas = set(graph) - {"root"} - shared
    for area in areas:
        assert graph[area] <= shared, area
