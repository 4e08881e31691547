"""The OpenAPI description at /api/v1/openapi.json: one schema per component name, and every
operation declares the errors it can answer, in the API's one error shape."""

import pytest
from django.test import Client
from ninja import Router, Schema, Status

from guongsang.api import api
from guongsang.books.models import BookEdition
from guongsang.core.api import GuongSangAPI, api_enum, declare_error_responses, errors
from guongsang.nominations.models import Nomination

ERROR_REF = "#/components/schemas/Error"


@pytest.fixture(scope="module")
def openapi() -> dict:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(openapi: dict):
    for path, methods in openapi["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def _ref_name(schema: dict) -> str | None:
    ref = schema.get("$ref") or next((s.get("$ref") for s in schema.get("allOf", []) if "$ref" in s), None)
    return ref.rsplit("/", 1)[-1] if ref else None


def test_enums_of_two_apps_have_two_names(openapi):
    schemas = openapi["components"]["schemas"]
    assert schemas["NominationStatus"]["enum"][:3] == ["draft", "submitted", "under_appraisal"]
    assert schemas["BookEditionStatus"]["enum"] == ["draft", "building", "built", "failed"]
    # No enum left under a bare, clashing name such as "Status" or "Kind".
    assert not {"Status", "Kind", "Level"} & set(schemas)


def test_a_dossier_status_is_described_by_the_dossiers_enum(openapi):
    schemas = openapi["components"]["schemas"]
    assert _ref_name(schemas["NominationOut"]["properties"]["status"]) == "NominationStatus"
    assert _ref_name(schemas["EditionOut"]["properties"]["status"]) == "BookEditionStatus"


def test_two_different_schemas_under_one_name_are_refused():
    """The guard itself: two apps' ``Status`` enums in one API cannot both be described."""
    router = Router()

    class DossierOut(Schema):
        status: Nomination.Status

    class EditionOut(Schema):
        status: BookEdition.Status

    @router.get("/dossier", response=DossierOut)
    def dossier(request):
        return {"status": "draft"}

    @router.get("/edition", response=EditionOut)
    def edition(request):
        return {"status": "draft"}

    clashing = GuongSangAPI(urls_namespace="clash-test")
    clashing.add_router("/", router)
    with pytest.raises(ValueError, match="'Status' names two different schemas"):
        clashing.get_openapi_schema(path_prefix="/")


def test_named_enums_in_one_api_are_described_apart():
    router = Router()

    class DossierOut(Schema):
        status: api_enum(Nomination.Status)

    class EditionOut(Schema):
        status: api_enum(BookEdition.Status)

    @router.get("/dossier", response=DossierOut)
    def dossier(request):
        return {"status": "draft"}

    @router.get("/edition", response=EditionOut)
    def edition(request):
        return {"status": "draft"}

    named = GuongSangAPI(urls_namespace="named-test")
    named.add_router("/", router)
    schemas = named.get_openapi_schema(path_prefix="/")["components"]["schemas"]
    assert schemas["NominationStatus"]["enum"] != schemas["BookEditionStatus"]["enum"]


def test_the_error_schema_is_the_apis_error_shape(openapi):
    error = openapi["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"code", "message"}
    assert set(error["properties"]) == {"code", "message", "errors"}


def test_every_operation_declares_the_errors_it_can_answer(openapi):
    missing = []
    for label, operation in _operations(openapi):
        declared = {int(code) for code in operation["responses"]}
        expected = set()
        if operation.get("security"):
            expected |= {401, 403}
        if operation.get("parameters") or "requestBody" in operation:
            expected |= {404, 422}
        if "requestBody" in operation:
            expected |= {400, 413}
        for code in sorted(expected - declared):
            missing.append(f"{label}: {code}")
        for code in declared:
            if code >= 400:
                schema = operation["responses"][str(code)]["content"]["application/json"]["schema"]
                assert schema == {"$ref": ERROR_REF}, (label, code, schema)
    assert missing == []


@pytest.mark.parametrize(
    ("path", "method", "codes"),
    [
        ("/api/v1/auth/token", "post", {401, 415, 429}),
        ("/api/v1/public/reports", "post", {429}),
        ("/api/v1/nominations/{nomination_id}/transitions/{name}", "post", {409}),
        ("/api/v1/stories/{story_id}/transitions/{name}", "post", {409}),
    ],
)
def test_routes_declare_their_own_refusals(openapi, path, method, codes):
    declared = {int(code) for code in openapi["paths"][path][method]["responses"]}
    assert codes <= declared


def test_a_public_route_declares_no_sign_in_errors(openapi):
    declared = {int(code) for code in openapi["paths"]["/api/v1/public/reports"]["post"]["responses"]}
    assert not {401, 403} & declared


def test_error_responses_follow_from_the_route():
    """A signed-in route with a query parameter: 401, 403, 404, 422 added to its own 201 and 409;
    a public one with a body: 400, 404, 413, 422 and nothing about signing in."""
    router = Router()

    class Made(Schema):
        id: int

    class Thing(Schema):
        name: str

    @router.post("/things", response={201: Made, **errors(409)})
    def make(request, name: str):
        return Status(201, {"id": 1})

    @router.post("/public-things", response={201: Made}, auth=None)
    def make_public(request, payload: Thing):
        return Status(201, {"id": 1})

    declare_error_responses(router)
    signed_in = router.path_operations["/things"].operations[0]
    public = router.path_operations["/public-things"].operations[0]
    assert set(signed_in.response_models) == {201, 401, 403, 404, 409, 422}
    assert set(public.response_models) == {201, 400, 404, 413, 422}


def test_unknown_api_path_with_a_session_cookie_answers_json_404(db):
    """A POST to an unknown path with a session cookie is a JSON 404, not Django's CSRF page."""
    client = Client(enforce_csrf_checks=True)
    client.cookies["sessionid"] = "not-a-session"
    response = client.post("/api/v1/nominees/abc/reveal-cccd")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("path", ["nominees/5%0A", "nominees/C%0A/consents", "x%0Ay%0D%0Az"])
def test_unknown_api_path_with_a_newline_answers_json_404(db, path):
    response = Client().get(f"/api/v1/{path}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_mounted_api_is_the_guarded_one():
    assert isinstance(api, GuongSangAPI)
