"""Use cases on users and memberships: create a user for a unit, grant and end roles, API tokens."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guongsang.core.audit import audited
from guongsang.core.permissions import Role, can
from guongsang.core.services import notify

from .models import ApiToken, Membership, User


def _require_manage(actor, unit) -> None:
    if not can(actor, "manage_members", unit):
        raise PermissionDenied(_("Bạn không có quyền quản lý người dùng của %(unit)s.") % {"unit": unit})


@transaction.atomic
def create_user(
    actor,
    unit,
    *,
    username: str,
    full_name: str,
    email: str = "",
    role: str,
    password: str | None = None,
    position: str = "",
) -> tuple[User, str | None]:
    """Create an account for a person of ``unit`` with a first role there.

    Returns the user and, when no password was given, a generated one to hand over once.
    """
    _require_manage(actor, unit)
    username = username.strip()
    if not username:
        raise ValidationError({"username": _("Tên đăng nhập không được để trống.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": _("Tên đăng nhập “%(name)s” đã có người dùng.") % {"name": username}}
        )
    generated = None
    if not password:
        generated = password = secrets.token_urlsafe(9)
    user = User(
        username=username, full_name=full_name.strip(), email=email.strip(), position=position.strip()
    )
    password_validation.validate_password(password, user)
    user.set_password(password)
    audited(user, actor).save()
    grant_role(actor, user, unit, role)
    return user, generated


@transaction.atomic
def grant_role(
    actor, user: User, unit, role: str, *, valid_from: dt.date | None = None, valid_to: dt.date | None = None
) -> Membership:
    """Give ``user`` a role on ``unit`` (or renew one that had ended) and tell them."""
    _require_manage(actor, unit)
    if role not in Role.values:
        raise ValidationError({"role": _("Vai trò không hợp lệ.")})
    if valid_from and valid_to and valid_to <= valid_from:
        raise ValidationError({"valid_to": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    membership = Membership.objects.select_for_update().filter(user=user, unit=unit, role=role).first()
    if membership is None:
        membership = Membership(user=user, unit=unit, role=role)
    elif membership in Membership.objects.active().filter(pk=membership.pk):
        raise ValidationError(_("%(user)s đã có vai trò này tại đơn vị.") % {"user": user})
    membership.valid_from, membership.valid_to = valid_from, valid_to
    audited(membership, actor).save()
    notify(
        [user],
        title=_("Bạn được giao vai trò %(role)s tại %(unit)s")
        % {"role": membership.get_role_display(), "unit": unit},
        url=unit.get_absolute_url(),
    )
    return membership


@transaction.atomic
def end_role(actor, membership: Membership, *, on: dt.date | None = None) -> Membership:
    """End a membership from a date (today by default); the row stays for the record."""
    _require_manage(actor, membership.unit)
    if actor.pk == membership.user_id and membership.role == Role.UNIT_ADMIN:
        raise ValidationError(_("Bạn không thể tự thu hồi quyền quản trị của chính mình."))
    membership.valid_to = on or timezone.localdate()
    if membership.valid_from and membership.valid_to <= membership.valid_from:
        membership.valid_from = None
    audited(membership, actor).save()
    return membership


@transaction.atomic
def change_password(actor, user: User, new_password: str) -> User:
    """Set ``user``'s password to ``new_password``; only its owner may, through this path.

    The history row records that the account changed and by whom (never the hash itself).
    """
    if actor.pk != user.pk:
        raise PermissionDenied(_("Bạn chỉ có thể đổi mật khẩu của chính mình."))
    password_validation.validate_password(new_password, user)
    user.set_password(new_password)
    audited(user, actor).save()
    return user


def issue_token(user: User) -> str:
    """Create an API token for ``user``; the raw value is returned once and never stored."""
    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        key_hash=ApiToken.hash(raw),
        expires_at=timezone.now() + dt.timedelta(days=settings.API_TOKEN_TTL_DAYS),
    )
    return raw


def user_for_token(raw: str) -> User | None:
    """The active user a bearer token belongs to, or None if unknown or expired."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash(raw), expires_at__gt=timezone.now(), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Touch at most once a minute: a busy client should not write on every request.
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
