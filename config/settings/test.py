# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Test settings: the base settings with fast hashing, in-memory mail and immediate tasks."""

import os

os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("STADTNETZ_ALLOW_INSECURE_KEY", "1")
os.environ.setdefault("STADTNETZ_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

from .base import *  # noqa: E402,F403
from .base import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Deployments render the application PDF in the worker ("task", the default in base.py). Tests run
# inside a transaction that never commits, so on-commit tasks never start there: most tests render
# inline to check the PDF at once; test_submission.py covers the task mode with its own setting.
STADTNETZ_SUBMISSION_PDF = "inline"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
AXES_ENABLED = True
# Uploaded files of a test run go to a temporary folder, never into var/ of the checkout.
MEDIA_ROOT = __import__("tempfile").mkdtemp(prefix="stadtnetz-test-media-")
# Rate limits stay on in tests, but high enough that no test meets one unless it lowers it.
STADTNETZ_RATE_LIMITS = {scope: (100_000, 3600) for scope in STADTNETZ_RATE_LIMITS}  # noqa: F405
