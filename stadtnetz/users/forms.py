# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core import validators
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from stadtnetz.core.forms import KernForm, KernFormMixin

from .models import User


class SignupForm(KernForm):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only; used to sign in."),
        validators=[User.username_validator],
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We send a confirmation link to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_("At least 10 characters, not only digits, not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Repeat password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    privacy = forms.BooleanField(
        label=_("I have read the privacy notice."),
        required=True,
        error_messages={"required": _("Please confirm that you have read the privacy notice.")},
    )

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken. Please choose another one."))
        return username

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords do not match."))
        elif p1:
            probe = User(
                username=cleaned.get("username", ""),
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class LoginForm(KernFormMixin, auth_forms.AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # AuthenticationForm sets max_length after the field is built, so it is not enforced;
        # an overlong name would reach django-axes, whose column holds 255 characters.
        username = self.fields["username"]
        username.validators.append(validators.MaxLengthValidator(username.max_length))

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.email_verified:
            raise forms.ValidationError(
                format_html(
                    '{} <a class="kern-link" href="{}">{}</a>',
                    _("Please confirm your email address first: open the link we sent you."),
                    reverse("users:resend_verification"),
                    _("Send the link again"),
                ),
                code="unverified",
            )


class ResendVerificationForm(KernForm):
    email = forms.EmailField(label=_("Email address"))


class ProfileForm(KernForm):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("If you change it, you must confirm the new address before you sign in again."),
    )


class ApiTokenForm(KernForm):
    name = forms.CharField(
        label=_("Name of the token"),
        max_length=100,
        help_text=_("So that you recognise it later, e.g. “Data import script”."),
    )


class DeleteAccountForm(KernForm):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


class PasswordResetForm(KernFormMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(KernFormMixin, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(KernFormMixin, auth_forms.PasswordChangeForm):
    pass
