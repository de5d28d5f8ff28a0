# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Personal API tokens: issue with username and password, list, revoke."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from stadtnetz.core.api_auth import token_auth
from stadtnetz.core.api_errors import ErrorOut

from . import services
from .models import ApiToken, TokenScope

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def token_check(request: HttpRequest, token: str):
    """The check behind `stadtnetz.core.api_auth.token_auth` (set in UsersConfig.ready): the
    account of the token; writes need a read-write token of an account with a confirmed
    address."""
    issued = services.api_token_use(token)
    if issued is None:
        return None
    if request.method not in SAFE_METHODS and not services.api_token_may_write(issued):
        if issued.scope != TokenScope.WRITE:
            raise HttpError(403, _("This token may only read. Create a read-write token."))
        raise HttpError(403, _("Confirm your email address before writing through the API."))
    request.user = issued.user
    request.api_token = issued  # type: ignore[attr-defined]  # read by the write check
    return issued.user


router = Router(tags=["auth"])


NO_NUL = r"^[^\x00]*$"  # PostgreSQL cannot store or compare NUL characters


class TokenRequest(Schema):
    username: str = Field(..., min_length=1, max_length=150, pattern=NO_NUL)
    password: str = Field(..., min_length=1, max_length=4096, pattern=NO_NUL)
    name: str = Field(
        "API", max_length=100, pattern=NO_NUL, description="label shown in your profile"
    )
    scope: Literal["read", "write"] = Field(
        "write", description="`read`: only GET requests; `write`: reads and writes"
    )
    expires_in_days: int | None = Field(
        None, ge=1, le=settings.API_TOKEN_MAX_DAYS,
        description="lifetime in days; default and maximum are set by the operator",
    )  # fmt: skip


class IssuedTokenOut(Schema):
    id: int
    name: str
    token: str = Field(description="the secret; shown only in this response")
    token_type: str = "Bearer"
    scope: str
    expires_at: dt.datetime | None


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    expires_at: dt.datetime | None
    scope: str


class MeOut(Schema):
    username: str
    email: str
    first_name: str
    last_name: str
    email_verified: bool
    is_programme_office: bool
    is_reviewer: bool
    is_staff: bool


@router.post(
    "/auth/token",
    response={
        201: IssuedTokenOut,
        401: ErrorOut,
        403: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    summary="Issue a personal token",
    description=(
        "401: wrong username or password; 403: the e-mail address is not confirmed; 409: the "
        "account has reached its number of tokens; 422: a value is not allowed (e.g. a lifetime "
        "over the maximum); 429: too many failed attempts."
    ),
)
def issue_token(request, payload: TokenRequest):
    if any("\x00" in value for value in (payload.username, payload.password, payload.name)):
        # PostgreSQL cannot store or compare NUL characters: refuse them before any query.
        raise HttpError(422, _("Username, password and name must not contain NUL characters."))
    try:
        user = authenticate(request, username=payload.username, password=payload.password)
    except AxesBackendPermissionDenied:
        user = None
        request.axes_locked_out = True
    if getattr(request, "axes_locked_out", False):
        # Answer in JSON here; otherwise axes' middleware swaps in its HTML lockout page.
        request.axes_locked_out = False
        raise HttpError(429, _("Too many failed attempts; try again later."))
    if user is None:
        raise HttpError(401, _("Username or password is not correct."))
    if not user.email_verified:
        raise HttpError(403, _("Confirm your email address before using the API."))
    try:
        issued = services.api_token_create(
            user=user, name=payload.name, scope=payload.scope,
            expires_in_days=payload.expires_in_days,
        )  # fmt: skip
    except services.TokenLimitReached as error:
        raise HttpError(409, str(error)) from None
    except services.TokenNotAllowed as error:
        raise HttpError(422, str(error)) from None
    token = issued.token
    return Status(201, {
        "id": token.pk, "name": token.name, "token": issued.secret, "scope": token.scope,
        "expires_at": token.expires_at,
    })  # fmt: skip


@router.get("/auth/tokens", response=list[TokenOut], auth=token_auth, summary="Your tokens")
def list_tokens(request):
    return ApiToken.objects.filter(user=request.auth).order_by("-created_at")


@router.delete(
    "/auth/tokens/{token_id}",
    response={204: None, 404: ErrorOut},
    auth=token_auth,
    summary="Revoke a token",
)
def revoke_token(request, token_id: int):
    token = ApiToken.objects.filter(pk=token_id, user=request.auth).first()
    if token is None:
        raise HttpError(404, _("No such token."))
    services.api_token_revoke(token=token)
    return Status(204, None)


@router.get("/me", response=MeOut, auth=token_auth, summary="The account behind the token")
def me(request):
    user = request.auth
    return {
        "username": user.username, "email": user.email, "first_name": user.first_name,
        "last_name": user.last_name, "email_verified": user.email_verified,
        "is_programme_office": user.is_programme_office, "is_reviewer": user.is_reviewer,
        "is_staff": user.is_staff,
    }  # fmt: skip
