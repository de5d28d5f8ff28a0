# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Benchmark: the deadline rush against a real server.

1,000 distinct applicant organisations submit complete applications (POST
/api/v1/submissions/{id}/submit, inline PDF) in the last 60 s before a deadline, from 50
concurrent clients, against gunicorn with 4 sync workers on PostgreSQL; 200 more try in the 30 s
after it. Reports accepted before (goal 1,000), accepted after (goal 0), server errors (goal 0),
receipts missing (goal 0) and latency p50/p95/p99 (goal p95 < 500 ms), plus the latency of a
trivial API read in the same run as the floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stadtnetz_bench_rush \\
        .venv/bin/python bench/deadline_rush.py [--on-time 1000] [--late 200] [--clients 50]

The database named in DATABASE_URL is dropped and recreated. Writes bench/results/deadline_rush.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import queue
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUTPUT = ROOT / "bench" / "results" / "deadline_rush.json"  # --pdf task: deadline_rush_task.json
PORT = 8765


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup(n: int):
    """Migrate, import the registry, create n complete applications with tokens. Returns ids."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from stadtnetz.municipalities.services import registry_import

    registry_import(force=True)
    from stadtnetz.municipalities.models import Municipality
    from stadtnetz.organisations.models import Membership, Organisation, Role
    from stadtnetz.programmes.tests.factories import make_call
    from stadtnetz.submissions.models import Application, BudgetLine, SectionAnswer
    from stadtnetz.users.models import ApiToken, User
    from stadtnetz.users.services import TOKEN_PREFIX, _hash

    call = make_call(title="Ansturm", closes_in=dt.timedelta(days=1))
    year = call.opens_at.year + 1
    municipalities = list(Municipality.objects.order_by("ags")[:n])
    users = User.objects.bulk_create([User(username=f"rush{i}", email=f"rush{i}@example.org",
                                           email_verified_at=timezone.now()) for i in range(n)])  # fmt: skip
    orgs = Organisation.objects.bulk_create([
        Organisation(name=m.name, slug=f"rush-{m.ags}", kind="municipality", municipality=m) for m in municipalities
    ])  # fmt: skip
    Membership.objects.bulk_create(
        [
            Membership(user=u, organisation=o, role=Role.EDITOR)
            for u, o in zip(users, orgs, strict=True)
        ]
    )
    apps = Application.objects.bulk_create([
        Application(call=call, organisation=o, title=f"Smarte Kommune {o.name}", created_by=u,
                    starts_on=dt.date(year, 1, 1), duration_months=36)
        for u, o in zip(users, orgs, strict=True)
    ])  # fmt: skip
    text = (
        "Integrierte Strategie mit **offenen Daten** und Beteiligung. " * 7
    )  # under the 500 limit
    SectionAnswer.objects.bulk_create([SectionAnswer(application=a, key=k, text=text, version=1)
                                       for a in apps for k in ("ausgangslage", "strategie")])  # fmt: skip
    BudgetLine.objects.bulk_create([BudgetLine(application=a, phase=p, year=year + i, category="personnel",
                                               description="Koordination", amount="120000.00")
                                    for a in apps for i, p in enumerate("AB")])  # fmt: skip
    secrets_, tokens = [], []
    for i, user in enumerate(users):
        secret = f"{TOKEN_PREFIX}rush{i:05d}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
        secrets_.append(secret)
        tokens.append(
            ApiToken(
                user=user,
                name="rush",
                prefix=secret[: len(TOKEN_PREFIX) + 6],
                key_hash=_hash(secret),
            )
        )
    ApiToken.objects.bulk_create(tokens)
    return call, [(a.pk, s) for a, s in zip(apps, secrets_, strict=True)]


def request(method: str, path: str, token: str | None = None) -> tuple[int, float, bytes]:
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        conn.request(method, path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        status = response.status
    except OSError:
        status, body = 0, b""
    finally:
        conn.close()
    return status, time.perf_counter() - start, body


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return (
        ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else 0.0
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--on-time", type=int, default=1000)
    parser.add_argument("--late", type=int, default=200)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--window", type=float, default=60.0)
    parser.add_argument("--late-window", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--pdf",
        choices=["inline", "task"],
        default="inline",
        help="render the PDF in the submission transaction or in django-tasks workers",
    )
    parser.add_argument("--task-workers", type=int, default=2)
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (it is dropped and recreated).")
    recreate_database(url)
    warmups = args.workers * 3
    t0 = time.perf_counter()
    call, items = setup(args.on_time + args.late + warmups)
    setup_seconds = time.perf_counter() - t0
    from django.db import connection

    from stadtnetz.programmes.models import Call
    from stadtnetz.submissions.models import Submission

    connection.close()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.base", "DJANGO_SECRET_KEY": "bench-only",
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
           "STADTNETZ_LOG_LEVEL": "WARNING", "DATABASE_CONN_MAX_AGE": "60", "STADTNETZ_INSECURE_COOKIES": "1",
           "STADTNETZ_SUBMISSION_PDF": args.pdf, "STADTNETZ_TASKS_BACKEND": "django_tasks_db.DatabaseBackend"}  # fmt: skip
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "-w", str(args.workers), "-b", f"127.0.0.1:{PORT}",
         "--timeout", "120", "--log-level", "warning"], cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    task_workers = []
    if args.pdf == "task":  # niced: submissions first, PDFs catch up
        task_workers = [
            subprocess.Popen(["nice", "-n", "10", str(ROOT / ".venv" / "bin" / "stadtnetz"), "db_worker",
                              "--interval", "0.2", "--worker-id", f"rush{i}"], cwd=ROOT, env=env, start_new_session=True,
                             stdout=subprocess.DEVNULL)
            for i in range(args.task_workers)
        ]  # fmt: skip
    drain_seconds = None
    try:
        for _ in range(100):
            if request("GET", f"/api/v1/calls/{call.pk}")[0] == 200:
                break
            time.sleep(0.2)
        warm, items = items[:warmups], items[warmups:]
        for app_id, token in warm:  # every worker imports WeasyPrint once
            request("POST", f"/api/v1/submissions/{app_id}/submit", token)
        floor = [request("GET", f"/api/v1/calls/{call.pk}")[1] for _ in range(50)]
        deadline = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=args.window + 1)
        Call.objects.filter(pk=call.pk).update(closes_at=deadline)
        connection.close()
        start_wall = time.time() + 1.0
        plan = queue.Queue()
        on_time, late = items[: args.on_time], items[args.on_time : args.on_time + args.late]
        deadline_wall = deadline.timestamp()
        for i, (app_id, token) in enumerate(on_time):
            plan.put(
                (start_wall + i * (args.window - 1.0) / len(on_time), app_id, token, "on_time")
            )
        for i, (app_id, token) in enumerate(late):
            plan.put(
                (
                    deadline_wall + 1.0 + i * (args.late_window - 1.0) / max(len(late), 1),
                    app_id,
                    token,
                    "late",
                )
            )
        results, lock, refusals = [], threading.Lock(), []

        def client() -> None:
            while True:
                try:
                    at, app_id, token, group = plan.get_nowait()
                except queue.Empty:
                    return
                time.sleep(max(0.0, at - time.time()))
                sent = time.time()
                status, seconds, body = request(
                    "POST", f"/api/v1/submissions/{app_id}/submit", token
                )
                receipt = None
                if status == 400 and not refusals:
                    refusals.append(body.decode("utf-8", "replace")[:500])
                if status == 200:
                    receipt = json.loads(body).get("receipt_number")
                with lock:
                    results.append({"group": group, "status": status, "seconds": seconds, "sent": sent,
                                    "app": app_id, "receipt": receipt})  # fmt: skip

        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if task_workers:  # wait until every receipt carries its PDF hash
            drained = time.time()
            while Submission.objects.filter(application__call=call, pdf_sha256="").exists():
                if time.time() - drained > 1800:
                    break
                time.sleep(1)
            drain_seconds = round(time.time() - deadline_wall, 1)
            connection.close()
    finally:
        for process in [server, *task_workers]:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)
    ok_on_time = [r for r in results if r["group"] == "on_time" and r["status"] == 200]
    ok_late = [r for r in results if r["group"] == "late" and r["status"] == 200]
    stored = {
        s.application_id: s
        for s in Submission.objects.filter(application__call=call).defer("pdf", "snapshot")
    }
    missing = [r for r in ok_on_time + ok_late if r["app"] not in stored or stored[r["app"]].receipt_number != r["receipt"]
               or not stored[r["app"]].pdf_sha256]  # fmt: skip
    after_deadline = [s for s in stored.values() if s.submitted_at > deadline]
    latencies = [r["seconds"] for r in results if r["group"] == "on_time"]
    refused_on_time = [r for r in results if r["group"] == "on_time" and r["status"] != 200]
    result = {
        "benchmark": "deadline_rush",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip(),
        "machine": {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count(),
                    "load_average_after": os.getloadavg()},
        "params": {"on_time": args.on_time, "late": args.late, "clients": args.clients, "window_s": args.window,
                   "late_window_s": args.late_window, "server": f"gunicorn {args.workers} sync workers",
                   "database": "PostgreSQL",
                   "pdf": "inline, in the submission transaction" if args.pdf == "inline"
                   else f"durable django-tasks job, {args.task_workers} niced db_worker processes",
                   "setup_seconds": round(setup_seconds, 1)},
        "figures": {
            "accepted_before": len(ok_on_time), "accepted_after": len(ok_late),
            "refused_on_time_by_status": {str(s): sum(1 for r in refused_on_time if r["status"] == s)
                                          for s in sorted({r["status"] for r in refused_on_time})},
            "server_errors": sum(1 for r in results if r["status"] >= 500 or r["status"] == 0),
            "receipts_missing": len(missing), "stored_after_deadline": len(after_deadline),
            "first_refusal": refusals[0] if refusals else None,
            "all_pdf_hashes_ready_s_after_deadline": drain_seconds,
            "late_statuses": {str(s): sum(1 for r in results if r["group"] == "late" and r["status"] == s)
                              for s in sorted({r["status"] for r in results if r["group"] == "late"})},
        },
        "medians": {"submit_p50_ms": round(percentile(latencies, 50) * 1000, 1),
                    "submit_p95_ms": round(percentile(latencies, 95) * 1000, 1),
                    "submit_p99_ms": round(percentile(latencies, 99) * 1000, 1),
                    "floor_read_p50_ms": round(statistics.median(floor) * 1000, 1)},
    }  # fmt: skip
    result["ratio_to_floor"] = round(
        result["medians"]["submit_p50_ms"] / max(result["medians"]["floor_read_p50_ms"], 0.1), 1
    )
    result["goals"] = {"accepted_before_1000": len(ok_on_time) == args.on_time, "accepted_after_0": not ok_late,
                       "server_errors_0": result["figures"]["server_errors"] == 0, "receipts_missing_0": not missing,
                       "p95_under_500_ms": result["medians"]["submit_p95_ms"] < 500}  # fmt: skip
    output = OUTPUT if args.pdf == "inline" else OUTPUT.with_name("deadline_rush_task.json")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({**result["figures"], **result["medians"]}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
