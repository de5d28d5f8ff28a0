# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Account pages: sign-up, email verification, sign-in/out, password reset, profile, tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import check_for_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import i18n as i18n_views
from django.views.decorators.http import require_http_methods, require_POST

from stadtnetz.core.forms import errors_to_form
from stadtnetz.core.links import absolute_url
from stadtnetz.core.ratelimit import rate_limit, retry_after, too_many
from stadtnetz.organisations import selectors as organisation_selectors

from . import permissions, services
from .forms import (
    ApiTokenForm,
    DeleteAccountForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    ProfileForm,
    ResendVerificationForm,
    SetPasswordForm,
    SignupForm,
)
from .models import ApiToken, User


def _crumbs(label):
    return [(_("My account"), reverse("users:profile")), (label, None)]


@require_http_methods(["GET", "POST"])
@rate_limit("account", methods=("POST",))
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("users:profile")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_signup(
                username=data["username"], email=data["email"], password=data["password1"],
                first_name=data["first_name"], last_name=data["last_name"],
            )  # fmt: skip
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            return redirect("users:signup_done")
    return render(
        request,
        "users/signup.html",
        {"form": form, "breadcrumbs": [(_("Register"), None)]},
        status=400 if form.errors else 200,
    )


def signup_done(request: HttpRequest) -> HttpResponse:
    return render(request, "users/signup_done.html", {"breadcrumbs": [(_("Register"), None)]})


def verify(request: HttpRequest, token: str) -> HttpResponse:
    try:
        services.user_verify_email(token=token)
    except services.VerificationError as error:
        return render(
            request,
            "users/verify_failed.html",
            {"reason": str(error), "breadcrumbs": [(_("Confirm email address"), None)]},
            status=400,
        )
    messages.success(request, _("Thank you, your email address is confirmed. You can sign in now."))
    return redirect("users:profile" if request.user.is_authenticated else "users:login")


@require_http_methods(["GET", "POST"])
def resend_verification(request: HttpRequest) -> HttpResponse:
    form = ResendVerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(
            email__iexact=form.cleaned_data["email"], email_verified_at__isnull=True, is_active=True
        ).first()
        if user is not None:
            services.user_send_verification(user=user)
        messages.info(
            request,
            _("If an unconfirmed account uses this address, we have sent a new confirmation link."),
        )
        return redirect("users:login")
    return render(
        request,
        "users/resend_verification.html",
        {"form": form, "breadcrumbs": [(_("Confirm email address"), None)]},
        status=400 if form.errors else 200,
    )


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "users/login.html"
    redirect_authenticated_user = True
    extra_context = {"breadcrumbs": [(gettext_lazy("Sign in"), None)]}


class LogoutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    """The link is built from the site address (core.links), never from the request's Host header."""

    form_class = PasswordResetForm
    template_name = "users/password_reset.html"
    email_template_name = "users/email/password_reset.txt"
    subject_template_name = "users/email/password_reset_subject.txt"
    success_url = reverse_lazy("users:password_reset_done")
    extra_context = {"breadcrumbs": [(gettext_lazy("Reset password"), None)]}

    def form_valid(self, form):
        self.extra_email_context = {"site_url": absolute_url()}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "users/password_reset_done.html"
    extra_context = {"breadcrumbs": [(gettext_lazy("Reset password"), None)]}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "users/password_reset_confirm.html"
    success_url = reverse_lazy("users:login")
    extra_context = {"breadcrumbs": [(gettext_lazy("Reset password"), None)]}

    def form_valid(self, form):
        response = super().form_valid(form)
        revoked = services.api_tokens_revoke_all(user=form.user)
        messages.success(self.request, _("Your password has been changed. You can sign in now."))
        if revoked:
            messages.info(self.request, _("All your API tokens have been revoked."))
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "users/password_change.html"
    success_url = reverse_lazy("users:profile")
    extra_context = {
        "breadcrumbs": [
            (gettext_lazy("My account"), reverse_lazy("users:profile")),
            (gettext_lazy("Change password"), None),
        ]
    }

    def form_valid(self, form):
        response = super().form_valid(form)
        revoked = services.api_tokens_revoke_all(user=form.user)
        messages.success(self.request, _("Your password has been changed."))
        if revoked:
            messages.info(self.request, _("All your API tokens have been revoked."))
        return response


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    initial = {"first_name": user.first_name, "last_name": user.last_name, "email": user.email}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changing = services.email_change_requested(user, form.cleaned_data["email"])
        if changing:
            seconds = retry_after(request, "account")
            if seconds is not None:
                return too_many(request, seconds)
        try:
            services.user_update_profile(user=user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            if changing:
                # The same words whether or not the address is free: nothing to enumerate.
                messages.info(
                    request,
                    _(
                        "Saved. We have sent a confirmation link to the new address; it takes "
                        "effect once you open it. Your current address stays in use until then."
                    ),
                )
            else:
                messages.success(request, _("Your profile has been saved."))
            return redirect("users:profile")
    return render(
        request,
        "users/profile.html",
        {
            "form": form,
            "token_form": ApiTokenForm(),
            "tokens": user.api_tokens.all(),
            "memberships": organisation_selectors.memberships_for_user(user),
            "nav": "profile",
            "breadcrumbs": [(_("My account"), None)],
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    issued = None
    if form.is_valid():
        try:
            issued = services.api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_in_days=form.cleaned_data["expires_in_days"],
            )
        except services.TokenLimitReached as error:
            form.add_error("name", str(error))
        except services.TokenNotAllowed as error:
            form.add_error("expires_in_days", str(error))
    if issued is None:
        return render(
            request,
            "users/token_created.html",
            {"token_form": form, "breadcrumbs": _crumbs(_("API tokens"))},
            status=400,
        )
    return render(
        request,
        "users/token_created.html",
        {"issued": issued, "breadcrumbs": _crumbs(_("API tokens"))},
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=pk).first()
    if token is None:
        raise Http404
    permissions.can_manage_token(request.user, token).enforce()
    services.api_token_revoke(token=token)
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect(reverse("users:profile") + "#tokens")


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_delete(user=request.user)
        except services.AccountDeletionBlocked as error:
            form.add_error(None, str(error))
            return render(
                request,
                "users/delete_account.html",
                {"form": form, "breadcrumbs": _crumbs(_("Delete account"))},
                status=400,
            )
        logout(request)
        messages.success(request, _("Your account has been deleted. Your personal data is gone."))
        return redirect("core:home")
    return render(
        request,
        "users/delete_account.html",
        {"form": form, "breadcrumbs": _crumbs(_("Delete account"))},
        status=400 if form.errors else 200,
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch; a signed-in person's choice is also kept on the account, so
    mails and notifications reach them in the language they read (decision 0070)."""
    response = i18n_views.set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and check_for_language(language):
        services.user_set_language(user=request.user, language=language)
    return response
