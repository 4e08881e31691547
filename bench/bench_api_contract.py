"""The API keeps its own contract: "schemathesis with all checks: 0 failures over ≥ 5,000 cases
(whole OpenAPI, authenticated)".

Loads ``/api/v1/openapi.json`` from the WSGI application in-process and, for every operation,
generates valid and invalid requests (half each) and sends them with a superuser's bearer token,
running schemathesis's whole default set of checks on every answer (no server error, a declared
status, the declared schema and content type, invalid data refused, valid data accepted,
unsupported methods refused…). Prints the cases run and every distinct failure (operation,
check, status) with a reproducing curl command, in a scratch database of its own.

    .venv/bin/python bench/run.py api_contract
    BENCH_API_CASES=20000 .venv/bin/python bench/run.py api_contract    # more cases

``BENCH_API_CASES`` is the total wanted (default 5,600); it is spread evenly over the operations.
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter

from bench.harness import engine_label, scratch_database

TARGET_CASES = 5_000
CASES = int(os.environ.get("BENCH_API_CASES", "5600"))


def _seed() -> str:
    """A small org tree and a national administrator; returns the administrator's bearer token."""
    from django.test import Client

    from guongsang.orgs.models import OrgUnit
    from tests.factories import PASSWORD, OrgUnitFactory, UserFactory

    kind = OrgUnit.Kind
    nation = OrgUnitFactory(name="Việt Nam", kind=kind.NATION, code="VN")
    hanoi = OrgUnitFactory(parent=nation, name="Thành phố Hà Nội", kind=kind.PROVINCE, code="01")
    for name, code in [
        ("Phường Thanh Xuân", "00367"),
        ("Phường Đống Đa", "00235"),
        ("Phường Ba Đình", "00004"),
    ]:
        OrgUnitFactory(parent=hanoi, name=name, kind=kind.COMMUNE, code=code)
    OrgUnitFactory(parent=hanoi, name="Sở Nội vụ", kind=kind.DEPARTMENT, staff_count=120)
    admin = UserFactory(
        username="quantri.bench", full_name="Phạm Quốc Hùng", is_superuser=True, is_staff=True
    )
    response = Client().post(
        "/api/v1/auth/token",
        {"username": admin.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def run_contract(cases: int, headers: dict[str, str]) -> tuple[int, dict[tuple[str, str], str]]:
    """Run ``cases`` generated cases over the whole OpenAPI; returns the number of cases run and
    the distinct failures, keyed by (operation, failure title), each with its first report."""
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis.errors import Unsatisfiable
    from schemathesis import GenerationMode
    from schemathesis.core.failures import Failure, FailureGroup

    from guongsang.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    from tests.api.contract import ADDITIONAL_CHECKS, EXCLUDED_CHECKS

    operations = [result.ok() for result in schema.get_all_operations()]
    per_mode = max(1, cases // (2 * len(operations)))
    ran = 0
    unsatisfiable: list[str] = []
    failures: dict[tuple[str, str], str] = {}

    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=per_mode,
                deadline=None,
                database=None,
                derandomize=False,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def one(case):
                nonlocal ran
                ran += 1
                try:
                    case.call_and_validate(
                        headers=headers, excluded_checks=EXCLUDED_CHECKS, additional_checks=ADDITIONAL_CHECKS
                    )
                except (FailureGroup, Failure) as exc:
                    found = exc.exceptions if isinstance(exc, FailureGroup) else [exc]
                    for failure in found:
                        report = f"{failure}\n{case.as_curl_command()}"
                        failures.setdefault((case.operation.label, failure.title), report)

            try:
                one()
            except Unsatisfiable:
                # No invalid request can be built for this operation (nothing to negate).
                unsatisfiable.append(f"{operation.label} ({mode.value})")
    if unsatisfiable:
        print(f"  no cases could be generated for: {', '.join(unsatisfiable)}")
    return ran, failures


def main() -> bool:
    # Every refused case would log a warning (422, 404…): thousands of lines hiding the figures.
    logging.disable(logging.WARNING)
    with scratch_database():
        token = _seed()
        started = time.perf_counter()
        ran, failures = run_contract(CASES, {"Authorization": f"Bearer {token}"})
        elapsed = time.perf_counter() - started
    by_title = Counter(title for _, title in failures)
    for (label, title), report in sorted(failures.items()):
        print(f"  FAIL {label}: {title}")
        if os.environ.get("BENCH_API_VERBOSE"):
            print("    " + report.replace("\n", "\n    "))
    ok = not failures and ran >= TARGET_CASES
    print(f"  engine {engine_label()}; {ran} cases in {elapsed:.0f} s")
    print(f"  distinct failures: {len(failures)}" + (f" ({dict(by_title)})" if by_title else ""))
    print(f"  target: 0 failures over ≥ {TARGET_CASES:,} cases: {'ok' if ok else 'MISSED'}")
    return ok
