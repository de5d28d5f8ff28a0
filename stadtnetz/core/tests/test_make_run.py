# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""`make run` serves Stadtnetz as its users see it (issue 16, item 6): debug off, a generated
secret key, gunicorn with a task worker, a favicon, and a second start that skips unchanged steps."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from stadtnetz.core import serve
from stadtnetz.core.models import PreparedStep
from stadtnetz.core.prepare import step_fingerprint

ROOT = Path(__file__).resolve().parents[3]


def _make(*args: str) -> str:
    return subprocess.run(["make", *args], cwd=ROOT, capture_output=True, text=True, check=True,
                          env={**os.environ, "STADTNETZ_DATA_DIR": "/nonexistent-data"}).stdout  # fmt: skip


def test_make_run_serves_with_debug_off_gunicorn_and_a_worker():
    plan = _make("--dry-run", "run")
    assert "runserver" not in plan
    assert "stadtnetz prepare" in plan and "stadtnetz.core.serve" in plan
    assert "secret-key" in plan  # generated on the first run
    database = _make("--dry-run", "--print-data-base", "run")
    assert "DJANGO_DEBUG := 0" in database
    assert "DJANGO_SECRET_KEY_FILE := /nonexistent-data/secret-key" in database
    web, worker, reminders = serve.commands(bind="127.0.0.1:8101", workers=2)
    assert web[0].endswith("gunicorn") and "127.0.0.1:8101" in web
    assert worker[-1] == "db_worker"
    assert reminders[1:3] == ["send_due_reminders", "--every"]  # issue 12: hourly reminder scan


def test_make_dev_keeps_debug_and_autoreload():
    plan = _make("--dry-run", "dev")
    assert "runserver" in plan
    assert "DJANGO_DEBUG := 1" in _make("--dry-run", "--print-data-base", "dev")


def test_secret_key_read_from_a_file(tmp_path):
    key_file = tmp_path / "secret-key"
    key_file.write_text("a-generated-key-of-this-installation\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "STADTNETZ_"))}
    env |= {"DJANGO_SECRET_KEY_FILE": str(key_file), "STADTNETZ_DATA_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", "import config.settings.base as s; "
                          "print(s.SECRET_KEY, s.DEBUG, s.STADTNETZ_SUBMISSION_PDF)"],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert out.split() == ["a-generated-key-of-this-installation", "False", "task"]


@pytest.mark.django_db
def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # ICO header
    assert 'rel="icon"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_not_found_page_is_our_own(client, settings):
    settings.DEBUG = False
    response = client.get("/kommunen/99999999/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Seite nicht gefunden" in html and "kern-alert" in html
    assert "URLconf" not in html and "kommunen/<" not in html


def test_fingerprint_follows_files_arguments_and_earlier_steps(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "registry.csv").write_text("1;2\n")
    (tmp_path / "tests").mkdir()
    first = step_fingerprint(step="import", app_folder=tmp_path, before="")
    assert step_fingerprint(step="import", app_folder=tmp_path, before="") == first
    (tmp_path / "tests" / "test_x.py").write_text("changed tests do not count\n")
    assert step_fingerprint(step="import", app_folder=tmp_path, before="") == first
    assert step_fingerprint(step="import --force", app_folder=tmp_path, before="") != first
    assert step_fingerprint(step="import", app_folder=tmp_path, before="x") != first
    (tmp_path / "data" / "registry.csv").write_text("1;2;3\n")
    assert step_fingerprint(step="import", app_folder=tmp_path, before="") != first


@pytest.mark.django_db
def test_second_prepare_skips_unchanged_steps():
    def prepare() -> str:
        out = io.StringIO()
        call_command("prepare", "seed-programmes", "search-reindex --type call", "--no-static",
                     stdout=out)  # fmt: skip
        return out.getvalue()

    first = prepare()
    assert "seed-programmes: running" in first and "search-reindex --type call: running" in first
    assert PreparedStep.objects.count() == 2
    second = prepare()
    assert "seed-programmes: unchanged, skipped" in second
    assert "search-reindex --type call: unchanged, skipped" in second
    PreparedStep.objects.filter(name="seed-programmes").delete()  # e.g. a fresh database
    third = prepare()
    assert "seed-programmes: running" in third
    # the same inputs as before: the steps after it stay skipped
    assert "search-reindex --type call: unchanged" in third


@pytest.mark.django_db
def test_prepare_refuses_unknown_steps():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no such command"):
        call_command("prepare", "import-everything", "--no-static", stdout=io.StringIO())
