"""API: obtaining a bearer token."""

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from guongsang.core.api import ApiError, errors

from .services import issue_token

router = Router(tags=["Xác thực"])


# PostgreSQL refuses NUL bytes in text; such a username is bad input (422), not a server error.
_NO_NUL = r"^[^\x00]*$"


class TokenIn(Schema):
    username: str = Field(max_length=150, pattern=_NO_NUL)
    password: str


class TokenOut(Schema):
    token: str


@router.post(
    "/token",
    auth=None,
    response={200: TokenOut, **errors(401, 415, 429)},
    summary="Lấy mã truy cập (Bearer token)",
)
def obtain_token(request, payload: TokenIn):
    """Exchange a username and password for a bearer token (throttled by django-axes)."""
    if request.content_type != "application/json":
        # django-axes records the form data of every failed attempt; a body labelled multipart
        # without a boundary breaks that record, and the attempt would go uncounted.
        raise ApiError(
            415,
            "unsupported_media_type",
            _("Nội dung gửi lên phải là JSON (Content-Type: application/json)."),
        )
    user = authenticate(request, username=payload.username, password=payload.password)
    if getattr(request, "axes_locked_out", False):
        raise ApiError(
            429, "locked_out", _("Tài khoản tạm khoá do đăng nhập sai nhiều lần. Vui lòng thử lại sau.")
        )
    if user is None:
        raise ApiError(401, "invalid_credentials", _("Tên đăng nhập hoặc mật khẩu không đúng."))
    # A token is a sign-in: axes resets the failure count and logs it, last_login is updated.
    user_logged_in.send(sender=type(user), request=request, user=user)
    return {"token": issue_token(user)}
