# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core import validators
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from stadtnetz.core.forms import KernForm, KernFormMixin
from stadtnetz.core.text import validate_single_line

from .models import TokenScope, User


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
        help_text=_("At least 12 characters, not only digits, not a common password."),
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
        help_text=_(
            "A new address takes effect once you open the link we send to it; until then your "
            "current address stays in use."
        ),
    )
    current_password = forms.CharField(
        label=_("Current password"),
        required=False,
        strip=False,
        max_length=4096,
        help_text=_("Needed only when you change the email address."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ApiTokenForm(KernForm):
    name = forms.CharField(
        label=_("Name of the token"),
        max_length=100,
        help_text=_("So that you recognise it later, e.g. “Data import script”."),
        validators=[validate_single_line],
    )
    scope = forms.ChoiceField(
        label=_("Permissions"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        required=False,
        help_text=_("A read-only token cannot change anything."),
    )
    expires_in_days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        required=False,
        help_text=_("The token stops working after this many days."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["expires_in_days"]
        field.initial = settings.API_TOKEN_DEFAULT_DAYS
        field.max_value = settings.API_TOKEN_MAX_DAYS
        field.validators.append(validators.MaxValueValidator(settings.API_TOKEN_MAX_DAYS))
        field.widget.attrs["max"] = settings.API_TOKEN_MAX_DAYS

    def clean_scope(self):
        return self.cleaned_data.get("scope") or TokenScope.READ


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
    def get_users(self, email):
        """Only confirmed addresses get a reset link (never a pending or unconfirmed one)."""
        return (
            user for user in super().get_users(email) if user.email_verified and not user.is_deleted
        )


class SetPasswordForm(KernFormMixin, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(KernFormMixin, auth_forms.PasswordChangeForm):
    pass
