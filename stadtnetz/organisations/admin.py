# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from .models import (
    CooperationMember,
    HardshipRecord,
    Invitation,
    Membership,
    MembershipRequest,
    Organisation,
    Role,
)
from .services import LAST_ADMIN_MESSAGE


class MembershipInlineFormSet(BaseInlineFormSet):
    """The rule of ``membership_remove``/``membership_change_role`` in the admin too: an
    organisation that has an administrator keeps at least one."""

    def clean(self):
        super().clean()
        if any(self.errors) or not any(
            form.initial.get("role") == Role.ADMIN for form in self.initial_forms
        ):
            return
        remaining = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("role") == Role.ADMIN
        ]
        if not remaining:
            raise ValidationError(LAST_ADMIN_MESSAGE)


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipInlineFormSet
    extra = 0
    raw_id_fields = ["user"]


class CooperationMemberInline(admin.TabularInline):
    model = CooperationMember
    fk_name = "cooperation"
    extra = 0
    raw_id_fields = ["municipality", "county"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "county", "in_budgetary_hardship"]
    list_filter = ["kind", "in_budgetary_hardship"]
    search_fields = ["name", "slug", "municipality__ags", "county__key"]
    raw_id_fields = ["municipality", "county"]
    # The flag changes the funding rate: only the hardship service sets it, with a HardshipRecord.
    readonly_fields = ["in_budgetary_hardship"]
    inlines = [CooperationMemberInline, MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "expires_at", "accepted_at", "revoked_at"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = ["token_hash"]


@admin.register(HardshipRecord)
class HardshipRecordAdmin(admin.ModelAdmin):
    list_display = ["organisation", "value", "changed_by", "changed_at"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MembershipRequest)
class MembershipRequestAdmin(admin.ModelAdmin):
    """Read-only: claims and membership requests are decided on the site, with who and when."""

    list_display = ["organisation", "user", "kind", "status", "decided_by", "decided_at"]
    list_filter = ["kind", "status"]
    search_fields = ["organisation__name", "user__username", "user__email"]

    def has_change_permission(self, request, obj=None):
        return False
