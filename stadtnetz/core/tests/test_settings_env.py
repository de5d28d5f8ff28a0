# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Settings read from the environment: sizes and choices, and a clear error for a wrong value."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings.base import env_bytes, env_choice


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("", 7), ("1000", 1000), ("512K", 512 * 1024), ("20m", 20 * 1024**2), ("1G", 1024**3)],
)
def test_sizes(monkeypatch, raw, expected):
    monkeypatch.setenv("STADTNETZ_TEST_SIZE", raw)
    assert env_bytes("STADTNETZ_TEST_SIZE", 7) == expected


@pytest.mark.parametrize("raw", ["-5", "0", "20MB", "zwanzig", "1.5M", "M"])
def test_wrong_sizes_name_the_variable(monkeypatch, raw):
    monkeypatch.setenv("STADTNETZ_TEST_SIZE", raw)
    with pytest.raises(ImproperlyConfigured, match="STADTNETZ_TEST_SIZE must be a size"):
        env_bytes("STADTNETZ_TEST_SIZE", 7)


def test_choices(monkeypatch):
    monkeypatch.delenv("STADTNETZ_TEST_MODE", raising=False)
    assert env_choice("STADTNETZ_TEST_MODE", ("inline", "task"), "inline") == "inline"
    monkeypatch.setenv("STADTNETZ_TEST_MODE", "task")
    assert env_choice("STADTNETZ_TEST_MODE", ("inline", "task"), "inline") == "task"
    monkeypatch.setenv("STADTNETZ_TEST_MODE", "later")
    with pytest.raises(ImproperlyConfigured, match="one of inline, task, not 'later'"):
        env_choice("STADTNETZ_TEST_MODE", ("inline", "task"), "inline")


def test_code_hosts(monkeypatch):
    from config.settings.base import env_json_hosts

    monkeypatch.setenv(
        "STADTNETZ_TEST_HOSTS", '{"Git.Example.org": {"kind": "gitlab", "api": "https://x/api/v4"}}'
    )
    assert env_json_hosts("STADTNETZ_TEST_HOSTS") == {
        "git.example.org": {"kind": "gitlab", "api": "https://x/api/v4"}
    }
    for raw in (
        "[]",
        "{",
        '{"h": {"kind": "svn", "api": "https://x"}}',
        '{"h": {"kind": "gitlab"}}',
    ):
        monkeypatch.setenv("STADTNETZ_TEST_HOSTS", raw)
        with pytest.raises(ImproperlyConfigured, match="STADTNETZ_TEST_HOSTS must be JSON"):
            env_json_hosts("STADTNETZ_TEST_HOSTS")
