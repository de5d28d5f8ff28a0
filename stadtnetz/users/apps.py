# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UsersConfig(AppConfig):
    name = "stadtnetz.users"
    label = "users"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from stadtnetz.core.api_auth import token_checker_set

        from .api import token_check
        from .middleware import note_sign_in

        user_logged_in.connect(note_sign_in, dispatch_uid="stadtnetz.users.note_sign_in")
        # the API's bearer tokens are this app's (stadtnetz.core.api_auth)
        token_checker_set(token_check)
