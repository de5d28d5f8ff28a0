# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Reuse readiness (0–100) with every part visible, and the vitality index (0–100).

Both formulas are documented in docs/solutions.md and docs/decisions/0022; nothing is hidden:
the parts are stored with the solution and shown on its page and in the API.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

# Vitality: in the spirit of Developers Italia's index (user community, code activity, release
# history, longevity), computed from one bounded, shallow history instead of a daily series.
COMMUNITY = [(0, 0), (1, 8), (2, 16), (4, 24), (8, 30)]  # distinct authors, last 12 months
ACTIVITY = [(0, 0), (1, 6), (4, 12), (12, 20), (50, 30)]  # commits, last 12 months
RELEASES = [(0, 0), (1, 5), (2, 10), (4, 15)]  # tags
LONGEVITY = [(0, 5), (365, 15), (730, 25)]  # days since the oldest commit seen


def _points(table: list[tuple[int, int]], value: int) -> int:
    points = 0
    for minimum, score in table:
        if value >= minimum:
            points = score
    return points


def vitality(*, authors_12m: int, commits_12m: int, tags: int, age_days: int) -> int:
    return min(100, _points(COMMUNITY, authors_12m) + _points(ACTIVITY, commits_12m)
               + _points(RELEASES, tags) + _points(LONGEVITY, age_days))  # fmt: skip


@dataclass
class Part:
    key: str
    points: int
    maximum: int
    detail: str  # a message code, rendered in the UI


def parts(solution, *, confirmed_production: int, confirmed_piloting: int) -> list[Part]:
    crawled = solution.crawl_state == "ok"
    result = [Part("publiccode", 20 if solution.valid else 0, 20,
                   "valid" if solution.valid else "invalid")]  # fmt: skip
    if solution.licence_osi or solution.licence_fsf:
        result.append(Part("licence", 15, 15, "open"))
    else:
        result.append(Part("licence", 0, 15, "not_open" if solution.licence else "missing"))
    docs = 0
    if solution.has_readme:
        docs += 5
    if solution.has_contributing:
        docs += 3
    if solution.has_security:
        docs += 2
    if solution.documentation_url:
        docs += 3
    if len(solution.long_description_de or solution.long_description_en) >= 150:
        docs += 2
    result.append(Part("documentation", docs, 15, "crawled" if crawled else "file_only"))
    maintained = solution.maintenance_type in ("internal", "contract", "community")
    has_contact = bool(solution.maintenance_contacts or solution.maintenance_contractors)
    result.append(Part("maintenance", (6 if maintained else 0) + (4 if has_contact else 0), 10,
                       solution.maintenance_type or "missing"))  # fmt: skip
    if solution.vitality is None:
        result.append(Part("activity", 0, 20, "unknown"))
    else:
        result.append(Part("activity", round(solution.vitality / 5), 20, "vitality"))
    reuse_points = min(20, 10 * confirmed_production + 5 * confirmed_piloting)
    result.append(Part("reuse", reuse_points, 20, "confirmed"))
    return result


def total(items: list[Part]) -> int:
    return max(0, min(100, sum(item.points for item in items)))


def as_json(items: list[Part]) -> list[dict]:
    return [asdict(item) for item in items]


def age_days(first: datetime | None, now: datetime) -> int:
    return max(0, (now - first).days) if first else 0


def bucket(score: int) -> str:
    if score >= 70:
        return "high"
    if score >= 40:
        return "medium"
    return "low"
