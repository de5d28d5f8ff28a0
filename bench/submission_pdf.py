# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Benchmark: render a 40-page application PDF (WeasyPrint, tagged PDF/UA) — median of 5 —
and, in the same run, a one-page PDF through the same template as the floor.

    .venv/bin/python bench/submission_pdf.py [--repeats 5] [--pages 40]

Writes bench/results/submission_pdf.json. Goal: the 40-page PDF in under 2 s (median).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from pypdf import PdfReader  # noqa: E402

from stadtnetz.submissions.pdf import render_pdf  # noqa: E402

OUTPUT = ROOT / "bench" / "results" / "submission_pdf.json"
PARAGRAPH = (
    "Die Stadt entwickelt eine integrierte Smart-City-Strategie, die Stadtentwicklung, Mobilität, "
    "Klimaschutz und Beteiligung verbindet. Offene Daten und Open-Source-Software machen die "
    "Ergebnisse für andere Kommunen nutzbar; Verwaltung, Stadtwerke, Wissenschaft und "
    "Zivilgesellschaft arbeiten in einem gemeinsamen Lenkungskreis zusammen. "
)


def snapshot(sections: int, paragraphs: int, lines: int) -> dict:
    text = "\n\n".join(
        (f"### Arbeitspaket {i + 1}\n\n" if i % 4 == 0 else "")
        + PARAGRAPH * 2
        + ("\n\n- Maßnahme eins\n- Maßnahme zwei\n- **Meilenstein**" if i % 3 == 0 else "")
        for i in range(paragraphs)
    )
    categories = ["personnel", "material", "investment", "third_party", "other"]
    budget_lines = [
        {"phase": "AB"[i % 2], "year": 2027 + i % 5, "category": categories[i % 5],
         "description": f"Kostenposition {i + 1}: Leistungen und Ausstattung", "amount": f"{1000 + i * 37}.50"}
        for i in range(lines)
    ]  # fmt: skip
    total = sum(float(line["amount"]) for line in budget_lines)
    return {
        "application": {"id": 1, "title": "Smarte Klingenstadt 2030", "starts_on": "2027-01-01", "duration_months": 60},
        "call": {"id": 1, "title": "Modellprojekte Smart Cities – Demo", "code": "demo", "closes_at": "2027-05-20T23:59:59+02:00"},
        "organisation": {"id": 1, "name": "Stadt Solingen", "kind": "municipality", "in_budgetary_hardship": False},
        "form_version": 1,
        "sections": [{"key": f"s{i}", "title": f"Abschnitt {i + 1}", "guidance": "Bitte beschreiben Sie …",
                      "required": True, "char_limit": 100_000, "text": text, "version": 3} for i in range(sections)],
        "budget": {"lines": budget_lines, "rate": "65.00", "hardship": False, "total": f"{total:.2f}",
                   "grant": f"{total * 0.65:.2f}", "own_contribution": f"{total * 0.35:.2f}",
                   "grant_by_phase": {"A": f"{total * 0.3:.2f}", "B": f"{total * 0.35:.2f}"}},
        "attachments": [{"name": f"anlage-{i}.pdf", "kind": "pdf", "size": 120_000 + i, "sha256": "ab" * 32}
                        for i in range(12)],
    }  # fmt: skip


def render(snap: dict) -> tuple[float, bytes]:
    context = {"snapshot": snap, "receipt_number": "SN-2027-0001-000001-01",
               "prepared_at": dt.datetime.now(dt.UTC)}  # fmt: skip
    start = time.perf_counter()
    pdf = render_pdf(context)
    return time.perf_counter() - start, pdf


def _commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip() or None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--pages", type=int, default=40)
    args = parser.parse_args(argv)
    small = snapshot(sections=1, paragraphs=1, lines=2)
    paragraphs, big = 10, None
    render(small)  # warm up: imports, fonts
    while True:  # grow the text until the PDF has the wanted number of pages
        big = snapshot(sections=6, paragraphs=paragraphs, lines=120)
        pages = len(PdfReader(io.BytesIO(render(big)[1])).pages)
        if pages >= args.pages:
            break
        paragraphs = int(paragraphs * args.pages / max(pages, 1)) + 1
    floors, timings = [], []
    for _ in range(args.repeats):  # interleaved
        floors.append(render(small)[0])
        seconds, pdf = render(big)
        timings.append(seconds)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    median, floor = statistics.median(timings), statistics.median(floors)
    result = {
        "benchmark": "submission_pdf",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()},
        "params": {"repeats": args.repeats, "pages": pages, "sections": 6, "paragraphs_per_section": paragraphs,
                   "budget_lines": 120, "attachments": 12, "pdf_variant": "pdf/ua-1", "pdf_bytes": len(pdf)},
        "figures": {"seconds_40_pages": [round(t, 4) for t in timings],
                    "seconds_floor_1_page": [round(t, 4) for t in floors]},
        "medians": {"seconds_40_pages": round(median, 4), "seconds_floor_1_page": round(floor, 4),
                    "seconds_per_page": round(median / pages, 4)},
        "ratio_to_floor": round(median / floor, 2),
        "goal": {"seconds_40_pages_under": 2.0, "met": median < 2.0},
    }  # fmt: skip
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        json.dumps(result["medians"]),
        "pages",
        pages,
        "ratio",
        result["ratio_to_floor"],
        "met",
        result["goal"]["met"],
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
