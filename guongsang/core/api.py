"""API plumbing every router uses: bearer/session auth and errors as ``{"code", "message"}``.

Every error the API returns is JSON with a machine-readable ``code`` and a Vietnamese
``message``; validation errors add ``errors`` (one entry per bad field). Nothing escapes as an
HTML page or a 500.
"""

from __future__ import annotations

import enum
import logging
from typing import Annotated

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, NinjaAPI, Router, Schema
from ninja.constants import NOT_SET
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.pagination import PageNumberPagination
from ninja.security import APIKeyCookie, HttpBearer
from typing_extensions import TypeAliasType

# A row id as a request may name it: what the database's integer columns can hold, so that a
# huge number is a 422, not an overflow in the database driver.
DbId = Annotated[int, Field(ge=1, le=2**31 - 1)]

logger = logging.getLogger(__name__)


def api_enum(choices: type[enum.Enum]) -> TypeAliasType:
    """A model's choices as an API type named after its owner: ``Nomination.Status`` is
    ``NominationStatus`` in the OpenAPI description, not one more ``Status`` (ninja merges the
    schemas of all routes by name, so two apps' ``Status`` enums would describe each other)."""
    return TypeAliasType(choices.__qualname__.replace(".", ""), choices)


class ApiError(Exception):
    """An error a service or endpoint wants the client to see as-is."""

    def __init__(self, status: int, code: str, message: str, **extra):
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


class BearerAuth(HttpBearer):
    """``Authorization: Bearer <token>`` with a token from ``POST /api/v1/auth/token``."""

    def authenticate(self, request: HttpRequest, token: str):
        # The tokens belong to accounts, a layer above core: a setting names the function.
        user = import_string(settings.API_TOKEN_AUTHENTICATOR)(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session (the docs page, htmx calls), with CSRF on writes."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key):
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated else None


AUTH = [BearerAuth(), SessionAuth()]


class BoundedPagination(PageNumberPagination):
    """Page-number pagination with a bounded page number: an absurd one would overflow the
    database's OFFSET (a 500 on PostgreSQL) instead of being refused as bad input."""

    class Input(PageNumberPagination.Input):
        page: int = Field(1, ge=1, le=1_000_000)


class FieldError(Schema):
    """One bad field of a refused request."""

    field: str
    message: str
    type: str | None = None


class Error(Schema):
    """The body of every error the API answers: a machine-readable ``code`` (``not_found``,
    ``validation_error``, ``invalid_transition``…), a Vietnamese ``message``, and for a refused
    input the bad fields in ``errors``. Some refusals add a detail of their own (extra keys)."""

    code: str
    message: str
    errors: list[FieldError] | None = None


def errors(*statuses: int) -> dict[int, type[Error]]:
    """Error responses to declare on a route, beside its success:
    ``response={200: ItemOut, **errors(409)}``. :func:`declare_error_responses` adds the ones
    every route of a kind can answer; a route names here only its own (409, 429, 415…)."""
    return dict.fromkeys(statuses, Error)


# The error response model, built once as ninja builds its own from ``response=``.
_ERROR_RESPONSE_MODEL = type("NinjaResponseSchema", (Schema,), {"__annotations__": {"response": Error}})
_BODY_SOURCES = {"body", "form", "file"}


def declare_error_responses(router: Router) -> None:
    """Declare on every route of ``router`` the errors it can answer whatever its code does, so
    that the OpenAPI description holds every status a client may see:

    - 401 and 403 on a route that needs a sign-in (the permission checks answer 403);
    - 422 and 404 on a route with any input (query, path or body): the validation of its types
      and rules, and the rows it names (a unit, a dossier) that do not exist or are hidden;
    - 400 and 413 on a route with a body (malformed JSON or multipart; a body over the limit).

    A route declares the rest itself with :func:`errors`. Call it on each router before the API
    is first used (ninja copies the routes when it builds the URLs).
    """
    for path_view in router.path_operations.values():
        for operation in path_view.operations:
            sources = {model.__ninja_param_source__ for model in operation.models}
            statuses = []
            # An operation without its own ``auth=`` takes its router's, else the API's (always one).
            auth = operation.auth_param if operation.auth_param is not NOT_SET else router.auth
            if auth is not None:
                statuses += [401, 403]
            if sources:
                # Any input may be refused, and any may name a row (in the path, a filter or
                # the body) that does not exist or is out of the caller's reach.
                statuses += [404, 422]
            if sources & _BODY_SOURCES:
                statuses += [400, 413]
            for status in statuses:
                operation.response_models.setdefault(status, _ERROR_RESPONSE_MODEL)


class OneNameOneSchemaOpenAPI(OpenAPISchema):
    """ninja's OpenAPI builder, refusing two different schemas under one component name.

    ninja builds each route's schemas apart and merges their components by name, the last one
    winning: two enums both called ``Status`` (a dossier's and a book's) became one, and the
    dossier routes were described by the book's values. Give such types distinct names
    (``TypeAliasType("NominationStatus", Nomination.Status)``, a distinct class name).
    """

    def add_schema_definitions(self, definitions: dict) -> None:
        for name, definition in definitions.items():
            known = self.schemas.get(name)
            if known is not None and known != definition:
                raise ValueError(
                    f"OpenAPI component {name!r} names two different schemas; give one a distinct name"
                )
        super().add_schema_definitions(definitions)


class GuongSangAPI(NinjaAPI):
    """The project's NinjaAPI: its OpenAPI description has one schema per component name."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return OneNameOneSchemaOpenAPI(self, path_prefix)


def error_response(status: int, code: str, message: str, **extra) -> JsonResponse:
    return JsonResponse(
        {"code": code, "message": message, **extra}, status=status, json_dumps_params={"ensure_ascii": False}
    )


_STATUS_CODES = {
    400: ("bad_request", gettext_lazy("Yêu cầu không hợp lệ.")),
    401: ("unauthorized", gettext_lazy("Bạn cần đăng nhập (gửi mã truy cập hợp lệ).")),
    403: ("forbidden", gettext_lazy("Bạn không có quyền thực hiện thao tác này.")),
    404: ("not_found", gettext_lazy("Không tìm thấy.")),
    405: ("method_not_allowed", gettext_lazy("Phương thức không được hỗ trợ.")),
    413: ("payload_too_large", gettext_lazy("Dữ liệu gửi lên quá lớn.")),
    429: ("too_many_requests", gettext_lazy("Quá nhiều yêu cầu, vui lòng thử lại sau.")),
}


def _field_errors(errors) -> list[dict]:
    result = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload", "query", "path")]
        result.append({"field": ".".join(loc), "message": _message_for(error), "type": error.get("type", "")})
    return result


def _message_for(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return _("Thiếu trường bắt buộc.")
    if kind.startswith("int_") or kind.startswith("float_"):
        return _("Phải là một số.")
    if kind.startswith("string_"):
        return _("Phải là một chuỗi ký tự hợp lệ.")
    if kind.startswith("bool"):
        return _("Phải là đúng hoặc sai (true/false).")
    if kind.startswith("date"):
        return _("Ngày không hợp lệ.")
    if kind in {"model_attributes_type", "dict_type"}:
        return _("Phải là một đối tượng JSON.")
    return _("Giá trị không hợp lệ.")


def standard_error(status: int) -> JsonResponse:
    """The API's error body for a plain HTTP status (401, 403, 404, 405, 429)."""
    code, message = _STATUS_CODES[status]
    return error_response(status, code, str(message))


def install_error_handlers(api: NinjaAPI) -> None:
    """Replace django-ninja's default error bodies with ours."""

    @api.exception_handler(ApiError)
    def on_api_error(request, exc: ApiError):
        return error_response(exc.status, exc.code, exc.message, **exc.extra)

    @api.exception_handler(ValidationError)
    def on_validation(request, exc: ValidationError):
        return error_response(
            422, "validation_error", _("Dữ liệu không hợp lệ."), errors=_field_errors(exc.errors)
        )

    @api.exception_handler(DjangoValidationError)
    def on_django_validation(request, exc: DjangoValidationError):
        if hasattr(exc, "error_dict"):
            errors = [
                {"field": f, "message": " ".join(str(m) for e in errs for m in e.messages)}
                for f, errs in exc.error_dict.items()
            ]
            message = errors[0]["message"] if len(errors) == 1 else _("Dữ liệu không hợp lệ.")
            code = "validation_error"
        else:
            errors = []
            message = " ".join(exc.messages)
            # A service's refusal that names its own code ("not_appraisable", "cap_exceeded"…)
            # keeps it, so a client can tell refusals apart; an uncoded one stays generic.
            codes = {error.code for error in exc.error_list}
            code = codes.pop() if len(codes) == 1 and None not in codes else "validation_error"
        return error_response(422, code, message, errors=errors)

    @api.exception_handler(AuthenticationError)
    def on_auth(request, exc):
        return standard_error(401)

    @api.exception_handler(AuthorizationError)
    def on_forbidden(request, exc):
        return standard_error(403)

    @api.exception_handler(PermissionDenied)
    def on_permission(request, exc: PermissionDenied):
        return error_response(403, "forbidden", str(exc) or str(_STATUS_CODES[403][1]))

    @api.exception_handler(Http404)
    def on_404(request, exc):
        return standard_error(404)

    @api.exception_handler(Throttled)
    def on_throttled(request, exc):
        return standard_error(429)

    @api.exception_handler(HttpError)
    def on_http_error(request, exc: HttpError):
        code, message = _STATUS_CODES.get(exc.status_code, ("error", _("Có lỗi xảy ra.")))
        message = str(message)
        if exc.status_code == 400 and "parse" in str(exc).lower():
            message = _("Nội dung gửi lên không phải JSON hợp lệ.")
            code = "malformed_json"
        return error_response(exc.status_code, code, message)

    # A body Django cannot parse is the client's error, not ours: a multipart body without its
    # boundary, too many fields or files, form fields beyond DATA_UPLOAD_MAX_MEMORY_SIZE.
    @api.exception_handler(MultiPartParserError)
    def on_bad_multipart(request, exc):
        return error_response(
            400,
            "malformed_multipart",
            _("Nội dung multipart/form-data không hợp lệ (thiếu hoặc sai boundary, hoặc bị cắt ngang)."),
        )

    @api.exception_handler(RequestDataTooBig)
    def on_body_too_big(request, exc):
        return standard_error(413)

    @api.exception_handler(SuspiciousOperation)
    def on_suspicious(request, exc):
        return standard_error(400)

    @api.exception_handler(Exception)
    def on_unexpected(request, exc: Exception):
        logger.exception("unhandled API error")
        return error_response(500, "server_error", _("Lỗi hệ thống, vui lòng thử lại sau."))
