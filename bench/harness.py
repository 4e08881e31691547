"""What every benchmark needs: a scratch database, timing, and one way to print a figure.

A benchmark never touches the database the site uses. :func:`scratch_database` creates a new
one beside it through Django's test-database machinery, on the same engine as
``DATABASE_URL`` (a temporary SQLite file by default; ``<name>_bench_<pid>`` on the same
PostgreSQL server when ``DATABASE_URL`` points there), migrates it, and drops it afterwards.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Timing:
    """Wall-clock figures of repeated calls, in milliseconds."""

    runs: int
    median_ms: float
    p95_ms: float
    max_ms: float


def measure(fn: Callable[[], object], *, runs: int = 200, warmup: int = 10) -> Timing:
    """Call ``fn`` ``warmup`` times unmeasured (caches, connection), then ``runs`` times timed."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * len(samples)) - 1)]
    return Timing(runs=runs, median_ms=statistics.median(samples), p95_ms=p95, max_ms=samples[-1])


def report(name: str, timing: Timing, *, target_ms: float | None = None, note: str = "") -> bool:
    """Print one line of figures; returns whether the p95 meets ``target_ms`` (if one is set)."""
    ok = target_ms is None or timing.p95_ms < target_ms
    verdict = "" if target_ms is None else f"  target p95 < {target_ms:g} ms: {'ok' if ok else 'MISSED'}"
    extra = f"  ({note})" if note else ""
    print(
        f"  {name:<44} median {timing.median_ms:7.2f} ms   p95 {timing.p95_ms:7.2f} ms"
        f"   max {timing.max_ms:7.2f} ms   n={timing.runs}{verdict}{extra}"
    )
    return ok


def engine_label() -> str:
    """Which database the figures were taken on, e.g. "postgresql 15.8" or "sqlite 3.40.1"."""
    from django.db import connection

    connection.ensure_connection()
    version = ""
    if connection.vendor == "sqlite":
        version = ".".join(str(part) for part in connection.Database.sqlite_version_info)
    elif connection.vendor == "postgresql":
        # pg_version is an integer: 150020 for 15.20.
        major, minor = divmod(connection.pg_version, 10000)
        version = f"{major}.{minor}"
    return f"{connection.vendor} {version}".strip()


@contextmanager
def scratch_database() -> Iterator[str]:
    """A freshly migrated database on the configured engine, dropped on the way out."""
    from django.db import connection

    test_settings = connection.settings_dict.setdefault("TEST", {})
    workdir = None
    if connection.vendor == "sqlite":
        # A file, not SQLite's in-memory test database: the site runs on a file.
        workdir = tempfile.TemporaryDirectory(prefix="guongsang-bench-")
        test_settings["NAME"] = str(Path(workdir.name) / "bench.sqlite3")
    else:
        test_settings["NAME"] = f"{connection.settings_dict['NAME']}_bench_{os.getpid()}"
    original = connection.settings_dict["NAME"]
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield name
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)
        if workdir is not None:
            workdir.cleanup()
