"""Org search over the whole map: the issue's figure is "a query over all units under 50 ms".

Loads the 3,355 units of ``load_divisions`` (plus the Hà Nội demo) into a scratch database
and times ``orgs.selectors.search_units`` the way a search request uses it: the count for the
pager and the first page of 50 rows. Queries run as a superuser (no scope filter: every unit)
and as the city appraiser of the demo (a subtree filter).

    make bench                                   # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/guongsang .venv/bin/python bench/run.py org_search
"""

from __future__ import annotations

import io
import time

from bench.harness import engine_label, measure, report, scratch_database

TARGET_MS = 50.0
PAGE = 50
QUERIES = ["dong da", "thanh xuan", "xa", "truong thpt", "phuong ha"]


def main() -> bool:
    from django.core.management import call_command

    from guongsang.accounts.models import User
    from guongsang.orgs.models import OrgUnit
    from guongsang.orgs.selectors import search_units

    ok = True
    with scratch_database():
        print(f"  database: {engine_label()} (scratch)")
        started = time.perf_counter()
        call_command("load_divisions", stdout=io.StringIO())
        print(
            f"  load_divisions: {time.perf_counter() - started:.2f} s for {OrgUnit.objects.count():,} units"
        )
        call_command("demo", stdout=io.StringIO())
        print(f"  units after demo: {OrgUnit.objects.count():,}")
        people = {
            "superuser": User.objects.get(username="admin"),
            "city appraiser": User.objects.get(username="thamdinh.hanoi"),
        }
        for who, user in people.items():
            for q in QUERIES:

                def page(user=user, q=q) -> tuple[int, list]:
                    # A fresh user object each time, as each request has: no cached scope.
                    fresh = User.objects.get(pk=user.pk)
                    qs = search_units(fresh, q)
                    return qs.count(), list(qs[:PAGE])

                total, _rows = page()
                timing = measure(page)
                ok &= report(f'{who}: "{q}"', timing, target_ms=TARGET_MS, note=f"{total} matches")
        ok &= _api_requests()
    return ok


def _api_requests() -> bool:
    """The same search as a whole API request (middleware, token, scope, JSON), in process."""
    import json

    from django.test import Client

    from guongsang.demo.builder import DEMO_PASSWORD

    ok = True
    client = Client()
    for username in ("admin", "thamdinh.hanoi"):
        answer = client.post(
            "/api/v1/auth/token",
            json.dumps({"username": username, "password": DEMO_PASSWORD}),
            content_type="application/json",
        )
        headers = {"Authorization": f"Bearer {answer.json()['token']}"}
        for q in ("dong da", "xa"):

            def request(q=q, headers=headers) -> None:
                response = client.get("/api/v1/orgs/", {"q": q}, headers=headers)
                assert response.status_code == 200, response.content

            body = client.get("/api/v1/orgs/", {"q": q}, headers=headers).json()
            ok &= report(
                f"API {username}: GET /api/v1/orgs/?q={q}",
                measure(request, runs=100),
                target_ms=TARGET_MS,
                note=f"{body.get('count', '?')} matches",
            )
    return ok
