# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from . import views

app_name = "users"

urlpatterns = [
    path("registrieren/", views.signup, name="signup"),
    path("registrieren/fertig/", views.signup_done, name="signup_done"),
    path("bestaetigen/<str:token>/", views.verify, name="verify"),
    path("bestaetigen/", views.resend_verification, name="resend_verification"),
    path("anmelden/", views.LoginView.as_view(), name="login"),
    path("abmelden/", views.LogoutView.as_view(), name="logout"),
    path("passwort-vergessen/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "passwort-vergessen/gesendet/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "passwort-neu/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("passwort-aendern/", views.PasswordChangeView.as_view(), name="password_change"),
    path("profil/", views.profile, name="profile"),
    path("profil/tokens/", views.token_create, name="token_create"),
    path("profil/tokens/<int:pk>/widerrufen/", views.token_revoke, name="token_revoke"),
    path("profil/loeschen/", views.delete_account, name="delete"),
]
