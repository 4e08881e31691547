"""A 1 GB upload against the real server: how much is taken before the refusal, and the worker's
memory (issue 17: refused before 1 MB of it is read; the worker stays under 300 MB).

Serves the site with granian as ``make run`` does (WSGI, 1 worker, 4 threads, DEBUG off, on a
scratch database) and streams a body of 1 GB, generated as it is sent and never stored, to the
dossier evidence API and to the public tip form ``/bao-tin/``: once declaring its length
(``Content-Length``), once without (``Transfer-Encoding: chunked``). The client counts the bytes
the kernel accepted from it until the response arrived; its send buffer is kept at 64 KB so that
the count is what the server took, give or take the socket buffers. The worker's peak memory is
its ``VmHWM`` (peak resident set) from ``/proc`` after every upload.

    .venv/bin/python bench/run.py body_limits
"""

from __future__ import annotations

import os
import select
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOTAL = 1024 * 1024 * 1024
CHUNK = 64 * 1024
SEND_BUFFER = 64 * 1024
READ_TARGET = 1024 * 1024  # Content-Length: refused before 1 MB is taken
MEMORY_TARGET_MB = 300
MB = 1024 * 1024


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


def _serve(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "guongsang.settings",
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": _database_url(),
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "ERROR",
    }
    # DEBUG off serves static files from the collected manifest, which the 413 page refers to.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    granian = Path(sys.executable).with_name("granian")
    process = subprocess.Popen(
        [
            str(granian),
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--blocking-threads",
            "4",
            "--log-level",
            "warning",
            "guongsang.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bao-tin/", timeout=5).read()
            return process
        except urllib.error.HTTPError as exc:
            raise RuntimeError(f"the tip form answered {exc.code}") from None
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode()[-2000:]) from None
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError("granian did not start within 90 s")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def _descendants(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        parent = queue.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                found.append(child)
                queue.append(child)
    return found


def _peak_rss_mb(pid: int) -> float:
    """The largest peak resident set (VmHWM) of the server's processes, in MB."""
    peak = 0
    for process in [pid, *_descendants(pid)]:
        try:
            for line in Path(f"/proc/{process}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except OSError:
            continue
    return peak / 1024


def _upload(port: int, path: str, *, chunked: bool) -> tuple[int, str, float]:
    """Stream TOTAL bytes of a multipart body to ``path``; the bytes sent before the response,
    its status line and the seconds it took."""
    boundary = "gs-bench-boundary"
    headers = [
        f"POST {path} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        f"Content-Type: multipart/form-data; boundary={boundary}",
        "Authorization: Bearer bench-not-a-token",
    ]
    headers.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {TOTAL}")
    head = ("\r\n".join(headers) + "\r\n\r\n").encode()
    part = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n%PDF-1.4\n"
    ).encode()
    zeros = bytes(CHUNK)
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER)
        sock.connect(("127.0.0.1", port))
        sock.sendall(head)
        sock.setblocking(False)
        started = time.perf_counter()
        # The body goes out as frames: the payload alone with Content-Length, with its chunk size
        # line and CRLF when chunked; only payload bytes the kernel accepted are counted.
        sent, response = 0, b""
        frame, prefix_length, payload_length, offset = b"", 0, 0, 0
        payload = part
        while sent < TOTAL and time.perf_counter() - started < 120:
            readable, writable, _ = select.select([sock], [sock], [], 5)
            if readable:
                try:
                    response = sock.recv(4096)
                except OSError:
                    response = b""
                break
            if not writable:
                continue
            if offset == len(frame):
                payload = payload or zeros[: min(CHUNK, TOTAL - sent)]
                prefix = f"{len(payload):x}\r\n".encode() if chunked else b""
                frame = prefix + payload + (b"\r\n" if chunked else b"")
                prefix_length, payload_length, offset = len(prefix), len(payload), 0
                payload = b""
            try:
                accepted = sock.send(frame[offset:])
            except OSError:
                break
            before = min(max(offset - prefix_length, 0), payload_length)
            offset += accepted
            after = min(max(offset - prefix_length, 0), payload_length)
            sent += after - before
        if not response:
            sock.setblocking(True)
            sock.settimeout(10)
            try:
                response = sock.recv(4096)
            except OSError:
                response = b""
        elapsed = time.perf_counter() - started
    status = response.split(b"\r\n", 1)[0].decode(errors="replace") or "(connection closed)"
    return sent, status, elapsed


def main() -> bool:
    from django.conf import settings

    from bench.harness import engine_label, scratch_database
    from guongsang.core.middleware import body_limit_for

    cases = [
        ("evidence API", "/api/v1/nominations/1/evidence"),
        ("tip form /bao-tin/", "/bao-tin/"),
    ]
    ok = True
    with scratch_database():
        from django.db import connection

        print(f"  database: {engine_label()} (scratch); granian WSGI 1 worker × 4 threads; 1 GB bodies")
        connection.close()  # SQLite: the server opens the file itself
        port = _free_port()
        server = _serve(port)
        try:
            baseline = _peak_rss_mb(server.pid)
            print(f"  worker peak memory after start-up: {baseline:.0f} MB")
            for label, path in cases:
                limit = body_limit_for(path)
                for chunked in (False, True):
                    sent, status, elapsed = _upload(port, path, chunked=chunked)
                    peak = _peak_rss_mb(server.pid)
                    refused = " 413 " in f"{status} "
                    target = READ_TARGET if not chunked else limit + MB
                    within = refused and sent <= target and peak < MEMORY_TARGET_MB
                    ok = ok and within
                    how = "chunked       " if chunked else "Content-Length"
                    print(
                        f"  {label:<20} {how}  sent before refusal {sent / MB:8.2f} MB "
                        f"(route limit {limit / MB:.0f} MB, target ≤ {target / MB:.0f} MB)  "
                        f"{status[:30]:<30} {elapsed:6.2f} s  worker peak {peak:5.0f} MB  "
                        f"{'ok' if within else 'MISSED'}"
                    )
        finally:
            _stop(server)
    print(
        f"  targets: with Content-Length refused before {READ_TARGET // MB} MB is sent; chunked refused "
        f"within the route's limit + 1 MB; worker peak < {MEMORY_TARGET_MB} MB "
        f"(FILE_UPLOAD_MAX_MEMORY_SIZE {settings.FILE_UPLOAD_MAX_MEMORY_SIZE // MB} MB)"
    )
    return ok
