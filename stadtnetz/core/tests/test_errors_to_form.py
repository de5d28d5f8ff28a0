# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The one way to show a service's ValidationError on a form (core.forms.errors_to_form), and the
API's one token authentication (core.api_auth), whose check the users app sets."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from stadtnetz.core import api_auth
from stadtnetz.core.forms import errors_to_form
from stadtnetz.users.api import token_check


class _Form(forms.Form):
    name = forms.CharField()


def _bound() -> _Form:
    form = _Form(data={"name": "x"})
    assert form.is_valid()
    return form


def test_field_messages_go_to_their_field_and_the_rest_above_the_form():
    form = _bound()
    errors_to_form(form, ValidationError({"name": "Taken.", "slug": "Bad slug.", "__all__": "No."}))
    assert form.errors["name"] == ["Taken."]
    assert form.non_field_errors() == ["Bad slug.", "No."]
    assert "slug" not in form.errors


def test_a_message_without_field_goes_above_the_form():
    form = _bound()
    errors_to_form(form, ValidationError(["One.", "Two."]))
    assert form.non_field_errors() == ["One.", "Two."]


def test_the_users_app_sets_the_token_check():
    assert api_auth._checker is token_check
    assert type(api_auth.token_auth).__name__ == "TokenAuth"  # the OpenAPI security scheme
