# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Django messages reach htmx requests as one HX-Trigger event (django_htmx.http helpers)."""

import json

from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event
from django_htmx.middleware import HtmxMiddleware

from stadtnetz.core.middleware import HtmxMessagesMiddleware


def _run(view, *, htmx=True):
    headers = {"HX-Request": "true"} if htmx else {}
    request = RequestFactory().post("/", headers=headers)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    messages.success(request, "Gespeichert.")
    response = HtmxMiddleware(HtmxMessagesMiddleware(view))(request)
    return request, response


def test_messages_join_the_events_a_view_already_triggers():
    def view(request):
        return trigger_client_event(HttpResponse("ok"), "saved", {"id": 7})

    _request, response = _run(view)
    assert json.loads(response["HX-Trigger"]) == {
        "saved": {"id": 7},
        "stadtnetz:messages": [{"level": "success", "text": "Gespeichert."}],
    }


def test_a_client_redirect_keeps_the_messages_for_the_next_page():
    request, response = _run(lambda request: HttpResponseClientRedirect("/weiter/"))
    assert response["HX-Redirect"] == "/weiter/" and "HX-Trigger" not in response
    assert [str(m) for m in messages.get_messages(request)] == ["Gespeichert."]


def test_requests_without_htmx_keep_their_messages():
    request, response = _run(lambda request: HttpResponse("ok"), htmx=False)
    assert "HX-Trigger" not in response
    assert [str(m) for m in messages.get_messages(request)] == ["Gespeichert."]
