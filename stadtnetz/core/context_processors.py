# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.conf import settings

from stadtnetz import __version__
from stadtnetz.core.middleware import current_request_id


def platform(request):
    return {
        "platform_version": __version__,
        "request_id": current_request_id(),
        "kern_version": "2.7.2",
        "debug": settings.DEBUG,
        "operator": {
            "name": settings.OPERATOR_NAME,
            "address": settings.OPERATOR_ADDRESS,
            "email": settings.OPERATOR_EMAIL,
        },
    }
