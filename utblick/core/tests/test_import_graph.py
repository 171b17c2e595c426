"""The code's shape as docs/architecture.md describes it, read from the import graph.

grimp (import-linter's graph) reads every import statement, those inside functions included, so an
import moved into a function to get round a cycle or a layer still counts.
"""

import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _contract() -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    (contract,) = (c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    return contract


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each a set of modules
    that import one another, directly or through others."""
    modules = sorted(graph.modules)
    edges = {module: sorted(graph.find_modules_directly_imported_by(module)) for module in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in edges[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(modules)))
    for module in modules:
        if module not in index:
            visit(module)
    return found


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return tmp_path


def test_the_layers_contract_is_kept():
    """Each app imports only the apps below it in docs/architecture.md's list (``make lint`` runs it too)."""
    result = subprocess.run([str(LINT_IMPORTS)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_app_has_its_place_in_the_layers():
    """A new app that is in no layer would be free to import anything: the contract names every app."""
    apps = {f"utblick.{path.parent.name}" for path in (ROOT / "utblick").glob("*/apps.py")}
    assert apps == set(_contract()["layers"])


def test_the_checker_sees_an_upward_import_inside_a_function(tmp_path):
    """The same kind of contract breaks on a lower layer that imports a higher one inside a function."""
    root = _package(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/low.py": "def later():\n    from shop import high\n    return high\n",
            "shop/high.py": "from shop import low\n",
            "setup.cfg": "[importlinter]\nroot_package = shop\n\n[importlinter:contract:layers]\n"
            "name = layers\ntype = layers\nlayers =\n    shop.high\n    shop.low\n",
        },
    )
    result = subprocess.run(
        [str(LINT_IMPORTS), "--config", str(root / "setup.cfg")],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(root), "PATH": str(LINT_IMPORTS.parent)},
    )
    assert result.returncode == 1, result.stdout
    assert "shop.low -> shop.high" in result.stdout


def test_no_module_imports_itself_back():
    """No import cycle between modules, counting imports inside functions: a module that needs another
    module's work at run time reaches it through a registry or by name (a task), never by importing
    a module that imports it."""
    graph = grimp.build_graph("utblick", cache_dir=None)
    for module in [m for m in graph.modules if ".migrations" in m]:
        graph.remove_module(module)
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle_through_a_function_level_import(tmp_path, monkeypatch):
    root = _package(
        tmp_path,
        {
            "ring/__init__.py": "",
            "ring/services.py": "def later():\n    from ring import tasks\n    return tasks\n",
            "ring/tasks.py": "from ring import services\n",
            "ring/other.py": "from ring import services\n",
        },
    )
    monkeypatch.syspath_prepend(str(root))
    assert _cycles(grimp.build_graph("ring", cache_dir=None)) == [["ring.services", "ring.tasks"]]
