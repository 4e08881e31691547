"""The layers hold: no app imports one above it or beside it, and the app graph has no cycle.

The order is declared once, in ``guongsang/layers.py``; these tests read the source with ``ast``
(module-level and function-level imports, migrations aside) and need no database.
"""

from __future__ import annotations

from pathlib import Path

import guongsang
from guongsang.layers import LAYERS, PACKAGE, cycles, import_edges, violations

ROOT = Path(guongsang.__file__).resolve().parent


def test_no_import_breaks_the_layers():
    problems = violations(ROOT)
    assert not problems, "Imports that break the layers (see guongsang/layers.py):\n" + "\n".join(problems)


def test_every_app_in_settings_is_on_a_floor():
    from django.conf import settings

    ours = {app.split(".")[1] for app in settings.INSTALLED_APPS if app.startswith(f"{PACKAGE}.")}
    declared = {app for floor in LAYERS for app in floor}
    assert ours <= declared, f"apps missing from LAYERS: {sorted(ours - declared)}"


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    """A synthetic ``guongsang`` package under ``tmp_path`` holding ``files`` (path → source)."""
    root = tmp_path / PACKAGE
    for name, source in {"__init__.py": "", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in path.relative_to(root).parents:
            (root / parent / "__init__.py").touch()
        path.write_text(source, encoding="utf-8")
    return root


CLEAN = {
    "core/text.py": "def fold(s):\n    return s\n",
    "orgs/models.py": "from guongsang.core.text import fold\n",
    "accounts/views.py": "from guongsang.orgs import models\nfrom ..core import text\n",
}


def test_check_passes_on_a_tree_that_keeps_the_layers(tmp_path):
    assert violations(_tree(tmp_path, CLEAN)) == []


def test_check_fails_on_an_upward_import_inside_a_function(tmp_path):
    upward = {
        **CLEAN,
        "core/api.py": "def authenticate(token):\n    from guongsang.accounts.views import x\n    return x\n",
    }
    problems = violations(_tree(tmp_path, upward))
    assert problems[0] == "core -> accounts (upward): guongsang/core/api.py:2 guongsang.accounts.views"
    assert "cycle between apps: accounts, core, orgs" in problems


def test_check_fails_on_a_relative_upward_import_and_on_a_sideways_one(tmp_path):
    tree = {
        **CLEAN,
        "orgs/views.py": "from ..accounts import selectors\n",
        "nominees/models.py": "import guongsang.movements.models\n",
        "movements/models.py": "",
    }
    problems = violations(_tree(tmp_path, tree))
    assert "orgs -> accounts (upward): guongsang/orgs/views.py:1 guongsang.accounts" in problems
    assert any(p.startswith("nominees -> movements (sideways (same floor))") for p in problems)


def test_check_ignores_migrations_and_dotted_strings(tmp_path):
    tree = {
        **CLEAN,
        "core/migrations/0001_initial.py": "from guongsang.accounts import models\n",
        "core/api.py": "AUTHENTICATOR = 'guongsang.accounts.services.user_for_token'\n",
    }
    assert violations(_tree(tmp_path, tree)) == []


def test_check_names_an_app_missing_from_the_layers(tmp_path):
    # ``reports`` is still to come, so it is not in LAYERS (``targets`` was the example until it was).
    tree = {**CLEAN, "reports/metrics.py": "from guongsang.core.text import fold\n"}
    problems = violations(_tree(tmp_path, tree))
    assert problems == ["reports: not in the layers; add it to LAYERS in guongsang/layers.py"]


def test_cycles_are_found_whatever_the_declared_order():
    edges = {("a", "b"): [], ("b", "c"): [], ("c", "a"): [], ("c", "d"): []}
    assert cycles(edges) == [["a", "b", "c"]]


def test_graph_sees_function_level_imports_of_the_real_tree():
    # A guard against a checker that reads nothing: the project's known downward edges are seen.
    edges = import_edges(ROOT)
    assert ("nominations", "awards") in edges
    assert ("orgs", "core") in edges
