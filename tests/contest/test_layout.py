"""The contest app stays readable: no services ↔ tasks cycle. (No module over 600 lines is checked
for every app in ``tests/test_module_size.py``.)"""

import ast
from pathlib import Path

import guongsang.contest

APP = Path(guongsang.contest.__file__).parent


def _imports_of_tasks(path: Path) -> list[int]:
    """Lines of ``path`` that import a ``tasks`` module, at module level or inside a function."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            names = [base] + [f"{base.rstrip('.')}.{alias.name}" for alias in node.names]
        else:
            continue
        if any(name.rsplit(".", 1)[-1] == "tasks" for name in names):
            lines.append(node.lineno)
    return lines


def test_services_never_import_tasks():
    """The task calls the service and the caller enqueues it: an import the other way round is
    the services ↔ tasks cycle again."""
    found = {path.name: _imports_of_tasks(path) for path in sorted((APP / "services").glob("*.py"))}
    assert {name: lines for name, lines in found.items() if lines} == {}


def test_the_check_sees_every_spelling_of_a_tasks_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "import guongsang.contest.tasks\n"
        "def f():\n"
        "    from ..tasks import similarity_scan_task\n"
        "    from .. import tasks\n"
        "    from guongsang.contest import tasks as t\n"
        "    from ..tasks_helpers import x\n"
    )
    assert _imports_of_tasks(module) == [1, 3, 4, 5]
