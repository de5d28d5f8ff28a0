# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The search index: one row per searchable thing, whatever app it comes from.

Rows are written only by :mod:`stadtnetz.search.services` from the documents that providers
(:mod:`stadtnetz.search.registry`) produce. The full-text index on top of this table is
database-specific and created by migration 0002: an FTS5 table on SQLite, a tsvector column with a
GIN index on PostgreSQL.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    doc_type = models.CharField(_("type"), max_length=30)
    object_id = models.CharField(_("object"), max_length=64)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("address"), max_length=500)
    state = models.CharField(_("state"), max_length=2, blank=True)
    size_class = models.CharField(_("size class"), max_length=20, blank=True)
    kind = models.CharField(_("kind"), max_length=30, blank=True)
    # Fields of action as "|key|key|" so that one LIKE finds a key on both databases.
    fields = models.CharField(_("fields of action"), max_length=400, blank=True)
    updated = models.DateTimeField(_("updated"))
    # Index terms (stemmed, folded; see text.index_terms), read by the full-text index and ranking.
    title_terms = models.TextField(editable=False)
    body_terms = models.TextField(editable=False)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(
                fields=["doc_type", "object_id"], name="one_document_per_object"
            )
        ]
        indexes = [models.Index(fields=["updated"])]

    def __str__(self) -> str:
        return f"{self.doc_type}:{self.object_id} {self.title}"

    @property
    def field_keys(self) -> list[str]:
        return [key for key in self.fields.split("|") if key]
