# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""``python -m stadtnetz.core.serve --bind HOST:PORT``: gunicorn, a background-task worker and
the hourly due-date reminder scan side by side, as ``make run`` serves Stadtnetz. Ctrl+C (or
SIGTERM) stops all; when one of them ends, the others are stopped too. Imports no Django, so it
starts at once. The reminder scan only writes notifications and enqueues their e-mails; the
worker sends them (docs/notifications.md, decision 0070)."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


REMINDER_INTERVAL = os.environ.get("STADTNETZ_REMINDER_INTERVAL", "3600")  # seconds


def commands(*, bind: str, workers: int) -> list[list[str]]:
    web = [
        str(BIN / "gunicorn"), "config.wsgi:application", "--bind", bind,
        "--workers", str(workers), "--preload", "--timeout", "60", "--graceful-timeout", "10",
        "--access-logfile", "-", "--forwarded-allow-ips", "127.0.0.1", "--no-control-socket",
    ]  # fmt: skip
    worker = [str(BIN / "stadtnetz"), "db_worker"]
    reminders = [str(BIN / "stadtnetz"), "send_due_reminders", "--every", REMINDER_INTERVAL]
    return [web, worker, reminders]


def _lower_priority() -> None:
    """The worker yields the processor to the web server (as in the deadline-rush benchmark)."""
    os.nice(10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bind", default="127.0.0.1:8000")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 2)))
    args = parser.parse_args(argv)
    web, worker, reminders = commands(bind=args.bind, workers=args.workers)
    # our own executables with our own arguments
    children = [subprocess.Popen(web), subprocess.Popen(worker, preexec_fn=_lower_priority),  # noqa: S603, PLW1509
                subprocess.Popen(reminders, preexec_fn=_lower_priority)]  # noqa: S603, PLW1509  # fmt: skip

    stopping = []

    def stop(*signal_args):
        if signal_args:
            stopping.append(True)
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while all(child.poll() is None for child in children):
        time.sleep(0.2)
    if not stopping:
        print("serve: a process ended unexpectedly; stopping the others", file=sys.stderr)
    stop()
    deadline = time.monotonic() + 15
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
    return 0 if stopping else 1


if __name__ == "__main__":
    sys.exit(main())
