"""Run the benchmarks: ``bench/run.py`` runs every ``bench/bench_*.py``, ``bench/run.py NAME`` one.

Each benchmark module has a ``main()`` that prints its figures (through ``bench.harness``) and
returns False when a figure misses its target; the run exits non-zero if any module fails or
misses. ``DATABASE_URL`` chooses the engine, as for the site; benchmarks work in a scratch
database of their own (see ``bench/harness.py``). Django runs with ``DEBUG`` off, as in
production, so that query logging does not count in the figures.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
import traceback
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent


def discover(names: list[str]) -> list[str]:
    """Module names to run: all ``bench_*.py`` in name order, or the ones asked for."""
    available = sorted(path.stem for path in BENCH_DIR.glob("bench_*.py"))
    if not names:
        return available
    chosen = []
    for name in names:
        stem = name if name.startswith("bench_") else f"bench_{name}"
        stem = stem.removesuffix(".py")
        if stem not in available:
            sys.exit(f"bench: no benchmark {name!r}; available: {', '.join(available)}")
        chosen.append(stem)
    return chosen


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guongsang.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    import django

    django.setup()
    failed = []
    for stem in discover(argv):
        print(f"== {stem}")
        started = time.perf_counter()
        try:
            ok = importlib.import_module(f"bench.{stem}").main()
        except Exception:
            traceback.print_exc()
            ok = False
        print(f"   ({time.perf_counter() - started:.1f} s)")
        if ok is False:
            failed.append(stem)
    if failed:
        print(f"bench: failed or missed a target: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
