"""The public pages are valid HTML: the Nu Html Checker (vnu.jar, from the npm package pinned in
package.json, installed by ``make test``) reports no error on any of them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from tests.portal.public_pages import public_urls, recognition_of

pytestmark = pytest.mark.django_db
VNU = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _checker() -> list[str]:
    """The command that runs the checker, or a skip (a failure in CI) when it cannot run."""
    java = shutil.which("java")
    if java and VNU.exists():
        return [java, "-Xss8m", "-jar", str(VNU)]
    message = (
        "The Nu Html Checker needs java (apt-get install default-jre-headless) and vnu.jar "
        "(npm ci --no-audit --no-fund, as `make test` does)."
    )
    if os.environ.get("GUONGSANG_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


def validate(documents: dict[str, bytes], folder: Path) -> list[str]:
    """Every error the checker reports on ``documents`` (name → HTML), as ``name:line: message``.

    One run for all of them: the Java virtual machine takes seconds to start."""
    command = _checker()
    paths = []
    for name, content in documents.items():
        path = folder / f"{name}.html"
        path.write_bytes(content)
        paths.append(str(path))
    run = subprocess.run(
        [*command, "--errors-only", "--format", "json", *paths],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    return [
        f"{Path(m.get('url', '')).stem}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]


def test_nu_html_checker_catches_an_error(tmp_path):
    errors = validate({"broken": b"<!DOCTYPE html><html lang=vi><title>x</title><p><div></p>"}, tmp_path)
    assert errors and all(e.startswith("broken:") for e in errors)


# The citizens' report form belongs to the nominations app, whose template still marks its
# commune picker with hx-* attributes (valid HTML wants data-hx-*); checked on its own below.
ELSEWHERE = {"report-form"}


def _pages(urls: dict[str, str]) -> dict[str, bytes]:
    client = Client()
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "verify-unknown" else 200), name
        pages[name] = response.content
    return pages


@pytest.fixture
def urls(published, lan, org_tree, editor) -> dict[str, str]:
    recognition = recognition_of(lan, org_tree.hanoi, editor)
    return public_urls(
        story=published,
        unit=org_tree.thanh_xuan,
        empty_unit=org_tree.bao_thang,
        person=lan,
        recognition=recognition,
    )


def test_public_pages_are_valid_html(urls, tmp_path):
    pages = _pages({name: url for name, url in urls.items() if name not in ELSEWHERE})
    assert validate(pages, tmp_path) == []


def test_report_form_is_valid_html(urls, tmp_path):
    assert validate(_pages({name: urls[name] for name in ELSEWHERE}), tmp_path) == []
