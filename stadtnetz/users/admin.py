# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = [
        "username",
        "email",
        "email_verified_at",
        "is_programme_office",
        "is_reviewer",
        "is_staff",
        "deleted_at",
    ]
    list_filter = ["is_programme_office", "is_reviewer", "is_staff", "is_active"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Platform roles"), {"fields": ["is_programme_office", "is_reviewer"]}),
        (_("Status"), {"fields": ["email_verified_at", "deleted_at"]}),
    ]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "prefix", "key_hash", "last_used_at", "created_at"]
    search_fields = ["name", "user__username", "prefix"]
