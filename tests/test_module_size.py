"""A reader can hold a module: none under ``guongsang/`` is over 600 lines (issue 12).

Past that, a module is split into a package by use case (``contest/services/``,
``nominations/services/``) or by what it holds (``nominations/excel/``), the package re-exporting
what callers use. Migrations are generated and are not read that way: they are left out.
"""

from pathlib import Path

import guongsang

ROOT = Path(guongsang.__file__).parent
MAX_LINES = 600


def modules_over(root: Path, limit: int = MAX_LINES) -> dict[str, int]:
    """The Python modules under ``root`` (migrations aside) longer than ``limit`` lines, as
    {path relative to ``root``: lines}."""
    lengths = {
        path.relative_to(root).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted(root.rglob("*.py"))
        if "migrations" not in path.relative_to(root).parts
    }
    return {name: lines for name, lines in lengths.items() if lines > limit}


def test_no_module_over_600_lines():
    assert modules_over(ROOT) == {}, "Split these modules by use case (issue 12)."


def test_the_check_names_every_long_module_and_skips_migrations(tmp_path):
    (tmp_path / "app" / "views").mkdir(parents=True)
    (tmp_path / "app" / "migrations").mkdir()
    (tmp_path / "app" / "services.py").write_text("x = 1\n" * 601)
    (tmp_path / "app" / "views" / "public.py").write_text("x = 1\n" * 700)
    (tmp_path / "app" / "models.py").write_text("x = 1\n" * 600)
    (tmp_path / "app" / "migrations" / "0001_initial.py").write_text("x = 1\n" * 5000)
    assert modules_over(tmp_path) == {"app/services.py": 601, "app/views/public.py": 700}
