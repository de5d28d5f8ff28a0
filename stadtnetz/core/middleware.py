# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Request ids, security headers, language choice and htmx message delivery."""

from __future__ import annotations

import contextvars
import logging
import uuid

from django.conf import settings
from django.contrib import messages
from django.utils import translation
from django_htmx.http import trigger_client_event

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class RequestIdMiddleware:
    """Give every request an id; logs and the error page show it so support can find the log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = uuid.uuid4().hex[:12]
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# Swagger UI sets inline style attributes; its page gets them, nothing else does.
CSP_API_DOCS = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class SecurityHeadersMiddleware:
    """Content Security Policy without inline scripts, and a restrictive permissions policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = CSP_API_DOCS if request.path.startswith("/api/v1/docs") else CSP
        response.setdefault("Content-Security-Policy", policy)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class LanguageMiddleware:
    """German unless the person chose English (cookie); the browser's language does not decide."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        supported = {code for code, _name in settings.LANGUAGES}
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
        if language not in supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch = response.get("Vary", "")
        if "Cookie" not in patch:
            response["Vary"] = f"{patch}, Cookie" if patch else "Cookie"
        translation.deactivate()
        return response


class HtmxMessagesMiddleware:
    """Deliver Django messages to htmx requests as an HX-Trigger event instead of losing them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(request, "htmx", False) or 300 <= response.status_code < 400:
            return response
        if "HX-Redirect" in response or "HX-Location" in response:
            return response
        pending = [
            {"level": message.level_tag, "text": str(message)}
            for message in messages.get_messages(request)
        ]
        if pending:
            # app.js reads the list as event.detail.value (htmx wraps values that are no object)
            trigger_client_event(response, "stadtnetz:messages", pending)  # type: ignore[arg-type]
        return response


class ApiHeadMiddleware:
    """``HEAD`` wherever ``GET`` is, for the API: answered as GET without the body.

    django-ninja routes by method and would answer HEAD with 405; pages answer HEAD themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "HEAD" or not request.path.startswith("/api/"):
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if not response.streaming:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response
