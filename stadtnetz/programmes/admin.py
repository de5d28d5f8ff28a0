# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.contrib import admin

from .models import Call, DeadlineExtension, FormVersion, Programme


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "funder"]


class ExtensionInline(admin.TabularInline):
    model = DeadlineExtension
    extra = 0
    can_delete = False
    readonly_fields = [
        "previous_closes_at",
        "new_closes_at",
        "reason",
        "extended_by",
        "extended_at",
    ]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "round_year", "opens_at", "closes_at"]
    readonly_fields = ["closes_at"]
    inlines = [ExtensionInline]


@admin.register(FormVersion)
class FormVersionAdmin(admin.ModelAdmin):
    list_display = ["call", "number", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False
