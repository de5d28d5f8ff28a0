# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.contrib import admin

from .models import County, Municipality, RegistryImport, State


@admin.register(State)
class StateAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "key"]
    search_fields = ["name", "code", "key"]


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "kind", "state", "dissolved_at"]
    list_filter = ["state", "kind"]
    search_fields = ["name", "key"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "ags", "county", "state", "population", "dissolved_at"]
    list_filter = ["state", "kind", "urbanisation"]
    search_fields = ["name", "ags", "postcode", "sort_name"]
    list_select_related = ["county", "state"]
    readonly_fields = ["sort_name", "search_text", "source_import", "created_at", "updated_at"]
    raw_id_fields = ["county"]


@admin.register(RegistryImport)
class RegistryImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "created_at", "municipalities", "created", "updated", "dissolved"]
    readonly_fields = [field.name for field in RegistryImport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
