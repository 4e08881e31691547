"""A published story page under load: "≥ 300 requests/s from cache with 2 workers, and uncached
at no less than half the throughput of a minimal Django view measured in the same run".

Puts one published story (with a photo and a consenting person) in a scratch database, then
serves the site with granian (2 WSGI workers, DEBUG off) and drives it with wrk:

1. the story page with the page cache on (warmed first) — target ≥ 300 req/s;
2. with the cache off (Django's dummy cache): the story page and a minimal Django view (an
   ``HttpResponse("ok")`` through the same middleware) in the same run — target: story ≥ half.

The server runs with this module as its settings (``GUONGSANG_BENCH_PORTAL_SERVER=1``): the
site's settings and URLs, plus the minimal view and the cache switch; nothing of the site changes.
wrk comes from Debian (``apt-get install wrk``, see scripts/system-deps.sh); without it the
benchmark says so and stops.

    .venv/bin/python bench/run.py portal
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

if os.environ.get("GUONGSANG_BENCH_PORTAL_SERVER"):
    # --- Settings and URLs of the benchmark's server process --------------------------------
    from guongsang.settings import *  # noqa: F403

    ROOT_URLCONF = "bench.bench_portal"
    MEDIA_ROOT = Path(os.environ["BENCH_MEDIA_ROOT"])
    # Static files collected (with their manifest, as in production) into the run's own folder.
    STATIC_ROOT = Path(os.environ["BENCH_MEDIA_ROOT"]) / "static"
    if os.environ.get("BENCH_NO_CACHE") == "1":
        CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    else:
        CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    def __getattr__(name: str):
        # The URLs are built on first use: this module is read as settings before the apps load.
        if name != "urlpatterns":
            raise AttributeError(name)
        from django.http import HttpResponse
        from django.urls import include, path

        def minimal(request):
            return HttpResponse("ok")

        patterns = [path("bench/minimal/", minimal), path("", include("guongsang.urls"))]
        globals()["urlpatterns"] = patterns
        return patterns


ROOT = Path(__file__).resolve().parent.parent
CACHED_TARGET = 300.0
RATIO_TARGET = 0.5
DURATION = os.environ.get("BENCH_WRK_DURATION", "10s")
CONNECTIONS = "32"
BLOCKING_THREADS = int(os.environ.get("BENCH_BLOCKING_THREADS", "4"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings.get("USER") or "postgres"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    host, port = settings.get("HOST") or "127.0.0.1", settings.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


def _serve(port: int, media: str, *, cache: bool):
    env = {
        **os.environ,
        "GUONGSANG_BENCH_PORTAL_SERVER": "1",
        "DJANGO_SETTINGS_MODULE": "bench.bench_portal",
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": _database_url(),
        "BENCH_MEDIA_ROOT": media,
        "BENCH_NO_CACHE": "0" if cache else "1",
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "ERROR",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    granian = Path(sys.executable).with_name("granian")
    process = subprocess.Popen(
        [
            str(granian),
            "--interface",
            "wsgi",
            "--workers",
            "2",
            # Each thread keeps its own database connection: granian's default (many threads per
            # worker) opened more than PostgreSQL's 100 and answered errors. A Django request
            # holds the GIL but for its queries, so a few threads per worker are all it can use.
            "--blocking-threads",
            str(BLOCKING_THREADS),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "guongsang.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/minimal/", timeout=2).read()
            return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode()[-2000:]) from None
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError("granian did not start within 60 s")


def _stop(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def _wrk(url: str) -> float:
    for _ in range(3):  # warm both workers (and their caches)
        urllib.request.urlopen(url, timeout=10).read()
    subprocess.run(["wrk", "-t2", "-c", CONNECTIONS, "-d", "2s", url], capture_output=True, check=True)
    result = subprocess.run(
        ["wrk", "-t2", "-c", CONNECTIONS, "-d", DURATION, url], capture_output=True, text=True, check=True
    )
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses\n{result.stdout}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))


def _story(media: str) -> str:
    from django.core.files.base import ContentFile
    from django.test import override_settings
    from django.utils import timezone

    from guongsang.movements.models import Field
    from guongsang.nominees.models import Consent, Nominee
    from guongsang.orgs.models import OrgUnit
    from guongsang.stories.models import Story, StoryPhoto

    units = OrgUnit.objects
    root = units.add_root({"name": "Việt Nam", "kind": OrgUnit.Kind.NATION, "code": "VN"})
    hanoi = units.add_child(root, {"name": "Thành phố Hà Nội", "kind": OrgUnit.Kind.PROVINCE, "code": "01"})
    ward = units.add_child(
        hanoi, {"name": "Phường Thanh Xuân", "kind": OrgUnit.Kind.COMMUNE, "code": "00367"}
    )
    field = Field.objects.create(code="tinh-nguyen", name="Hoạt động tình nguyện")
    person = Nominee.objects.create(
        full_name="Phạm Thị Lan", unit=ward, occupation="Giáo viên", public_fields=["full_name", "occupation"]
    )
    Consent.objects.create(
        nominee=person, given_by="Phạm Thị Lan", given_at=timezone.localdate(), scope="all"
    )
    paragraphs = "".join(
        f"<p>Đoạn {i}: mỗi tối, lớp học nhỏ ở Thanh Xuân lại sáng đèn; cô Lan dạy chữ cho các em "
        "có hoàn cảnh khó khăn, không lấy một đồng học phí.</p>"
        for i in range(12)
    )
    for index in range(6):
        story = Story.objects.create(
            unit=ward,
            field=field,
            title=f"Cô giáo Lan và lớp học tình thương {index}",
            lead="Mười năm dạy chữ miễn phí cho trẻ em khó khăn.",
            body=paragraphs,
            author_name="Trần Minh Báo",
            status=Story.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        story.nominees.add(person)
        import io

        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", (1200, 800), (160, 40, 40)).save(buffer, "JPEG")
        with override_settings(MEDIA_ROOT=media):
            photo = StoryPhoto(
                story=story, alt_text="Cô Lan giảng bài", caption="Lớp học", width=1200, height=800
            )
            photo.image.save("lan.jpg", ContentFile(buffer.getvalue()), save=True)
    # The sizes an upload gets (480/960/1600 px), made by the command that adds them to photos.
    from django.core.management import call_command

    with override_settings(MEDIA_ROOT=media):
        call_command("resize_photos", verbosity=0)
    return story.get_public_url()


def main() -> bool:
    from bench.harness import engine_label, scratch_database

    if shutil.which("wrk") is None:
        print("  wrk is not installed (apt-get install wrk, or scripts/system-deps.sh as root): skipped")
        return True
    with scratch_database(), tempfile.TemporaryDirectory(prefix="guongsang-bench-media-") as media:
        print(
            f"  database: {engine_label()} (scratch); granian 2 workers × {BLOCKING_THREADS} threads; "
            f"wrk -t2 -c{CONNECTIONS} -d{DURATION}"
        )
        story_path = _story(media)
        from django.db import connection

        connection.close()  # SQLite: the server processes open the file themselves
        port = _free_port()
        server = _serve(port, media, cache=True)
        try:
            cached = _wrk(f"http://127.0.0.1:{port}{story_path}")
        finally:
            _stop(server)
        port = _free_port()
        server = _serve(port, media, cache=False)
        try:
            minimal = _wrk(f"http://127.0.0.1:{port}/bench/minimal/")
            uncached = _wrk(f"http://127.0.0.1:{port}{story_path}")
        finally:
            _stop(server)
    ok_cached = cached >= CACHED_TARGET
    ratio = uncached / minimal if minimal else 0.0
    ok_ratio = ratio >= RATIO_TARGET
    print(
        f"  story page from cache          {cached:9.0f} req/s   target ≥ {CACHED_TARGET:g}: "
        f"{'ok' if ok_cached else 'MISSED'}"
    )
    print(f"  minimal Django view            {minimal:9.0f} req/s")
    print(
        f"  story page without cache       {uncached:9.0f} req/s   = {ratio:.2f} × minimal, target ≥ "
        f"{RATIO_TARGET:g}: {'ok' if ok_ratio else 'MISSED'}"
    )
    return ok_cached and ok_ratio
