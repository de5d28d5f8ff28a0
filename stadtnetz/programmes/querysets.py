# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from django.db import models
from django.utils import timezone


class CallQuerySet(models.QuerySet):
    def open(self, moment=None):
        moment = moment or timezone.now()
        return self.filter(opens_at__lte=moment, closes_at__gte=moment)

    def upcoming(self, moment=None):
        return self.filter(opens_at__gt=moment or timezone.now())

    def closed(self, moment=None):
        return self.filter(closes_at__lt=moment or timezone.now())
