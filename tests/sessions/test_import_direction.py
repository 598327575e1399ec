"""Resolutions are passed at sessions, so `resolutions` imports `sessions` and never the other
way round at module level: a module of `sessions` that needs a resolution imports it inside the
function that does (see resolutions.selectors.session_resolutions_passed)."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SESSIONS = ROOT / "sessions"
# The demo loader seeds every app (councils, sessions, resolutions) for the load_demo command;
# nothing in resolutions imports it, so it closes no cycle.
EXEMPT = {SESSIONS / "demo.py"}


def _module_level_imports(tree: ast.Module) -> list[tuple[int, str]]:
    """(line, module) of the imports run when the module is imported: top-level statements and
    those nested in top-level `if`/`try`/`with`, but not in functions, classes' methods or an
    `if TYPE_CHECKING:` block."""
    found: list[tuple[int, str]] = []

    def visit(statements: list[ast.stmt]) -> None:
        for node in statements:
            if isinstance(node, ast.Import):
                found.extend((node.lineno, alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.append((node.lineno, node.module))
            elif isinstance(node, ast.If):
                test = node.test
                name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", "")
                if name != "TYPE_CHECKING":
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                for block in (node.body, node.orelse, node.finalbody):
                    visit(block)
                for handler in node.handlers:
                    visit(handler.body)
            elif isinstance(node, ast.With | ast.ClassDef):
                visit(node.body)

    visit(tree.body)
    return found


def _sessions_modules() -> list[Path]:
    return sorted(
        path
        for path in SESSIONS.rglob("*.py")
        if "migrations" not in path.parts and path not in EXEMPT
    )


def test_sessions_does_not_import_resolutions_at_module_level():
    """No module of sessions (views, selectors, printing, api...) imports resolutions when it is
    imported; the one exemption is the demo loader."""
    modules = _sessions_modules()
    assert len(modules) > 10  # the walk found the package
    offending = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in modules
        for line, module in _module_level_imports(ast.parse(path.read_text(), str(path)))
        if module == "resolutions" or module.startswith("resolutions.")
    ]
    assert offending == []


def test_the_check_sees_an_import_hidden_in_a_top_level_block():
    """The walk is not fooled by a top-level `try`, and leaves function bodies and
    TYPE_CHECKING alone."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from resolutions.models import Resolution\n"
        "try:\n    import resolutions.views\nexcept ImportError:\n    pass\n"
        "def f():\n    from resolutions.selectors import resolution_list\n"
    )
    modules = [module for _line, module in _module_level_imports(ast.parse(source))]
    assert modules == ["typing", "resolutions.views"]


@pytest.mark.parametrize("first", ["sessions.views", "resolutions.views"])
def test_either_app_imports_first(first):
    """Importing either app's views first in a fresh interpreter works (no partially initialised
    module on a cycle)."""
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'hdnd.settings');"
        f"django.setup(); import {first}, sessions.printing, sessions.api, resolutions.api"
    )
    done = subprocess.run(  # noqa: S603 - our interpreter, a fixed statement
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
