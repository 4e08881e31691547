"""Request bodies: refused from Content-Length before a byte is read, capped when streamed,
limits per route, and a body Django cannot parse answered with a 400, never a 500."""

from __future__ import annotations

import io
import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import get_resolver

from guongsang.core.middleware import body_limit_for
from tests.api.test_api_errors import VIETNAMESE, assert_error
from tests.conftest import TOKEN_URL
from tests.factories import PASSWORD

MB = 1024 * 1024
EVIDENCE_API = "/api/v1/nominations/1/evidence"
TIPS = "/bao-tin/"


class Untouchable:
    """A request body stream that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


class Counting(io.BytesIO):
    """A request body stream that remembers how much was read from it."""

    read_bytes = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.read_bytes += len(chunk)
        return chunk


class Zeros:
    """``size`` bytes produced as they are read, never held: a body too large to build."""

    def __init__(self, size: int):
        self.left, self.read_bytes = size, 0

    def read(self, size=-1):
        n = self.left if size is None or size < 0 else min(size, self.left)
        self.left -= n
        self.read_bytes += n
        return bytes(n)

    readline = read


def post_declaring(client: Client, path: str, length: int, stream, content_type: str = "application/json"):
    """A POST that declares ``length`` bytes in Content-Length, with ``stream`` as its body."""
    return client.generic(
        "POST", path, CONTENT_TYPE=content_type, CONTENT_LENGTH=str(length), **{"wsgi.input": stream}
    )


def post_chunked(client: Client, path: str, stream, content_type: str = "application/json"):
    """A POST with ``Transfer-Encoding: chunked`` and no Content-Length, as a streaming client sends."""
    return client.generic(
        "POST",
        path,
        CONTENT_TYPE=content_type,
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": stream},
    )


# --- Content-Length: refused before reading ------------------------------------------------------


def test_a_gigabyte_declared_to_the_evidence_api_is_413_json_without_reading(db):
    multipart = "multipart/form-data; boundary=x"
    response = post_declaring(Client(), EVIDENCE_API, 1024 * MB, Untouchable(), multipart)
    body = assert_error(response, 413, "payload_too_large")
    assert "giới hạn 21,0\xa0MB" in body["message"]


def test_300_mb_declared_to_the_tip_form_is_a_413_page_without_reading(db):
    response = post_declaring(Client(), TIPS, 300 * MB, Untouchable(), "multipart/form-data; boundary=x")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Dữ liệu gửi lên quá lớn" in page and "vượt quá giới hạn" in page


def test_a_body_over_the_default_is_refused_on_a_route_without_uploads(db):
    body = assert_error(post_declaring(Client(), TOKEN_URL, 3 * MB, Untouchable()), 413, "payload_too_large")
    assert VIETNAMESE.search(body["message"])


def test_a_body_within_the_limit_is_read_as_usual(db, commune_officer):
    credentials = json.dumps({"username": commune_officer.username, "password": PASSWORD}).encode()
    stream = Counting(credentials)
    response = post_declaring(Client(), TOKEN_URL, len(credentials), stream)
    assert response.status_code == 200, response.content
    assert stream.read_bytes == len(credentials)


# --- Per route ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "limit"),
    [
        (EVIDENCE_API, 21 * MB),
        ("/ho-so/7/tai-lieu/", 21 * MB),
        (TIPS, 51 * MB),
        ("/nguoi-duoc-de-xuat/nhap-excel/", 11 * MB),
        ("/ho-so/nhap-excel/", 16 * MB),
        ("/cuoc-thi/3/gui-bai/", 31 * MB),
        ("/quan-tri/nominees/nominee/1/change/", 21 * MB),
        (TOKEN_URL, 2 * MB),
        ("/ho-so/tao-moi/", 2 * MB),
        ("/khong-co-trang-nay/", 2 * MB),
    ],
)
def test_each_route_has_its_limit(path, limit):
    assert body_limit_for(path) == limit


def test_every_configured_route_exists():
    """A renamed URL would silently fall back to the default and refuse its uploads."""
    names = set()

    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                walk(pattern, namespace)
            elif pattern.name:
                names.add(f"{prefix}{pattern.name}")

    walk(get_resolver())
    for key in settings.REQUEST_BODY_LIMITS:
        if key.endswith(":"):
            assert any(name.startswith(key) for name in names), key
        else:
            assert key in names, key


def test_the_same_size_passes_the_evidence_route_and_not_the_default(db):
    size = 5 * MB
    assert post_declaring(Client(), TOKEN_URL, size, Untouchable()).status_code == 413
    # The evidence route lets it through to the operation, which asks for a login first.
    response = post_declaring(Client(), EVIDENCE_API, size, Zeros(size), "multipart/form-data; boundary=x")
    assert_error(response, 401, "unauthorized")


# --- Streamed bodies: capped -----------------------------------------------------------------------


def test_a_chunked_body_past_the_limit_is_413_after_at_most_the_limit(db):
    stream = Zeros(1024 * MB)
    assert_error(post_chunked(Client(), TOKEN_URL, stream), 413, "payload_too_large")
    assert stream.read_bytes <= settings.REQUEST_BODY_DEFAULT_LIMIT + 1


def test_a_chunked_page_upload_past_the_limit_is_a_413_page(db):
    stream = Zeros(1024 * MB)
    response = post_chunked(Client(), TIPS, stream, "multipart/form-data; boundary=x")
    assert response.status_code == 413 and "vượt quá giới hạn" in response.content.decode()
    assert stream.read_bytes <= 51 * MB + 1


def test_a_chunked_body_within_the_limit_is_parsed(db, commune_officer):
    # Django reads nothing of a body without Content-Length; the cap hands it on with its length.
    credentials = json.dumps({"username": commune_officer.username, "password": PASSWORD}).encode()
    response = post_chunked(Client(), TOKEN_URL, io.BytesIO(credentials))
    assert response.status_code == 200, response.content
    assert response.json()["token"]


# --- Bodies Django cannot parse: 400, not 500 -------------------------------------------------------


def test_multipart_without_boundary_on_the_tip_form_is_a_400_page(db):
    response = Client(raise_request_exception=False).post(TIPS, b"abc", content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Yêu cầu không hợp lệ" in page and 'lang="vi"' in page
