# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The API's one bearer-token authentication, used by the api.py of every app.

The tokens belong to the accounts app: it gives the function that checks a token for a request
in its ``AppConfig.ready`` (:func:`token_checker_set`), so core imports no app. The class keeps
its name: it is the ``TokenAuth`` security scheme of the OpenAPI document.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from ninja.security import HttpBearer

_checker: Callable[[HttpRequest, str], object] | None = None


def token_checker_set(checker: Callable[[HttpRequest, str], object]) -> None:
    """The function that gives the account of a valid token (and sets ``request.user``), None
    for an unknown one, or raises ``HttpError`` (403) when the token may not do this."""
    global _checker  # noqa: PLW0603 - one registration, at start-up
    _checker = checker


class TokenAuth(HttpBearer):
    """Bearer tokens; writes need a read-write token of an account with a confirmed address."""

    def authenticate(self, request: HttpRequest, token: str):
        return _checker(request, token) if _checker is not None else None


token_auth = TokenAuth()
