# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Row locks while an application is changed or submitted: its own row, not its call's.

Locking the call as well made all submissions to one call wait for each other (the deadline
rush benchmark served about 12 per second). Row locks exist on PostgreSQL, where the test
observes them from a second connection; SQLite locks the whole database for every write, so
there the test checks which rows the query asks to lock.
"""

from __future__ import annotations

import threading

import pytest
from django.db import DatabaseError, connection, connections, transaction

from stadtnetz.programmes.models import Call
from stadtnetz.submissions import services
from stadtnetz.submissions.models import Application

pytestmark = pytest.mark.django_db(transaction=True)


def _try_lock(model, pk) -> str:
    """From another connection: lock the row without waiting; "free" or "locked"."""
    outcome = []

    def attempt():
        try:
            with transaction.atomic():
                list(model.objects.select_for_update(nowait=True).filter(pk=pk))
            outcome.append("free")
        except DatabaseError:
            outcome.append("locked")
        finally:
            connections.close_all()

    thread = threading.Thread(target=attempt)
    thread.start()
    thread.join(timeout=30)
    return outcome[0]


def test_locking_an_application_leaves_its_call_and_organisation_free(application):
    assert services.LOCKING.query.select_for_update_of == ("self",)
    if connection.vendor != "postgresql":
        return  # SQLite: no row locks to observe
    with transaction.atomic():
        locked = services._locked(application)
        assert locked.call.pk == application.call_id  # the call is read with it
        assert _try_lock(Application, application.pk) == "locked"
        assert _try_lock(Call, application.call_id) == "free"
        assert _try_lock(type(application.organisation), application.organisation_id) == "free"
