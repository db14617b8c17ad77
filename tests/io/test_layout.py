"""
The rules ``targets.io`` keeps: it knows nothing of Django (it reads and
writes files, and is tested on plain values), and its modules share only
public names, never each other's private ones (``_name``).
"""

import ast
import importlib
import importlib.util
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import targets.io

MODULES = sorted(
    info.name for info in pkgutil.walk_packages(targets.io.__path__, prefix="targets.io.")
)


def _source(name: str) -> Path:
    return Path(importlib.util.find_spec(name).origin)


def _imports(name: str):
    """Every ``import`` and ``from … import`` in a module, in functions too, resolved."""
    package = name if _source(name).name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(_source(name).read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, None
        elif isinstance(node, ast.ImportFrom):
            module = importlib.util.resolve_name("." * node.level + (node.module or ""), package)
            for alias in node.names:
                yield node.lineno, module, alias.name


def test_io_modules_are_all_found():
    assert {"targets.io.report", "targets.io.workbook.reader", "targets.io.xlsx_write"} <= set(
        MODULES
    )


@pytest.mark.parametrize("name", MODULES)
def test_io_module_imports_no_django(name):
    importlib.import_module(name)
    found = [
        (line, module)
        for line, module, _ in _imports(name)
        if module == "django" or module.startswith("django.")
    ]
    assert found == []


@pytest.mark.parametrize("name", MODULES)
def test_io_module_imports_nothing_of_targets_outside_io(name):
    # targets.models, targets.choices and the rest would bring Django in by the back door.
    found = [
        (line, module)
        for line, module, _ in _imports(name)
        if module.split(".")[0] == "targets" and not module.startswith("targets.io")
    ]
    assert found == []


def test_io_modules_import_without_django():
    # In a fresh interpreter (this one has Django loaded for the rest of the suite).
    script = (
        "import importlib, sys\n"
        f"for name in {MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    root = Path(targets.io.__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("name", MODULES)
def test_io_module_imports_no_private_name(name):
    found = [
        (line, f"{module}.{imported}")
        for line, module, imported in _imports(name)
        if imported is not None and imported.startswith("_") and not imported.startswith("__")
    ]
    assert found == []
