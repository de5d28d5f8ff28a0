# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The jury optimiser: a provably optimal selection under the jury's constraints.

Pure Python (no Django import), usable and tested on its own. It maximises the sum of the
selected candidates' scores with an exact mixed-integer solver (HiGHS through ``highspy``, gaps
set to zero) under:

- ``budget``: total cost of the selection at most this (money is ``Decimal``, solved in integer
  cents, so nothing is lost to floating point);
- ``min_per_size_class`` / ``max_per_size_class``: counts per size class;
- ``max_per_state``: at most K per state; ``min_states``: at least this many distinct states;
  ``every_state``: at least one from every state that has an eligible candidate;
- ``min_score``: candidates below it cannot be selected;
- pins: a candidate pinned ``include`` must be selected, ``exclude`` must not.

Scores are compared at a resolution of 10⁻⁶: each score is rounded half-even to six decimals
before solving, and the reported objective is the exact ``Decimal`` sum of the rounded scores.
Every answer is checked again in exact integer arithmetic before it is returned.

For an infeasible constraint set the optimiser finds a *minimal* set of constraints that cannot
be met together (a deletion filter over single constraints: drop one, re-check feasibility, keep
it out if the rest is still infeasible), so the reason names exactly what has to give. For an
optimal answer it names the *binding* constraint groups: those whose removal would raise the
optimum, with the score that each one costs.

Entry points: :func:`solve_selection` (typed), :func:`greedy_top` (the naive ranking walk, for
comparison) and :func:`solve` (plain data in, plain data out, used by the API and the app).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from numbers import Real

SIZE_CLASSES = ("grossstadt", "mittelstadt", "kleinstadt", "landkreis", "kooperation")
SIZE_CLASS_LABELS = {
    "grossstadt": ("large city", "Großstadt"),
    "mittelstadt": ("medium-sized town", "Mittelstadt"),
    "kleinstadt": ("small town or rural municipality", "Kleinstadt/Landgemeinde"),
    "landkreis": ("county", "Landkreis"),
    "kooperation": ("cooperation", "Kooperation"),
}
STATES = ("BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH")  # fmt: skip
PINS = ("include", "exclude")
MAX_CANDIDATES = 5000
SCORE_PLACES = 6
_SCORE_QUANTUM = Decimal(1).scaleb(-SCORE_PLACES)
_CENT = Decimal("0.01")
_MAX_MONEY = Decimal("1e13")  # ten trillion euro: anything above is a typo, not a budget
_MAX_SCORE = Decimal("1e6")

# Constraint groups, in the order a deletion filter tries to drop them (earlier = dropped first).
GROUPS = (
    "pin_exclude",
    "pin_include",
    "min_score",
    "max_per_size_class",
    "max_per_state",
    "every_state",
    "min_states",
    "min_per_size_class",
    "budget",
)


# --------------------------------------------------------------------------------------------
# Errors and messages


@dataclass(frozen=True)
class FieldError:
    """One refused input: where (a dotted path such as ``candidates.3.cost``) and why."""

    field: str
    message: str
    message_de: str


class SelectionInputError(ValueError):
    """Malformed input (not an infeasible problem): every error names its field."""

    def __init__(self, errors: Sequence[FieldError]):
        self.errors = list(errors)
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in self.errors))

    def by_field(self, language: str = "en") -> dict[str, str]:
        return {e.field: (e.message_de if language == "de" else e.message) for e in self.errors}


def format_money(value: Decimal, language: str = "en") -> str:
    """``1234567.5`` → ``1,234,567.50 €`` (en) or ``1.234.567,50 €`` (de)."""
    text = f"{value.quantize(_CENT):,.2f}"
    if language == "de":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return f"{text} €"


def _format_number(value: Decimal, language: str) -> str:
    text = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") if language == "de" else text


def _size_label(size_class: str, language: str) -> str:
    en, de = SIZE_CLASS_LABELS[size_class]
    return de if language == "de" else en


# --------------------------------------------------------------------------------------------
# Input


@dataclass(frozen=True)
class Candidate:
    id: int
    score: Decimal
    cost: Decimal
    size_class: str
    state: str
    pinned: str | None = None


@dataclass(frozen=True)
class Constraints:
    budget: Decimal
    min_per_size_class: Mapping[str, int] = field(default_factory=dict)
    max_per_size_class: Mapping[str, int] = field(default_factory=dict)
    max_per_state: int | None = None
    min_states: int | None = None
    min_score: Decimal | None = None
    every_state: bool = False


@dataclass(frozen=True)
class Item:
    """One constraint: a group and, where the group has several, its key (size class, id)."""

    group: str
    key: str = ""

    def describe(self, constraints: Constraints, language: str = "en") -> str:
        de = language == "de"
        g, k = self.group, self.key
        if g == "budget":
            money = format_money(constraints.budget, language)
            return f"Gesamtkosten höchstens {money}" if de else f"total cost at most {money}"
        if g == "min_per_size_class":
            n, label = constraints.min_per_size_class[k], _size_label(k, language)
            return f"mindestens {n} aus der Größenklasse {label}" if de else f"at least {n} from size class {label}"  # fmt: skip
        if g == "max_per_size_class":
            n, label = constraints.max_per_size_class[k], _size_label(k, language)
            return f"höchstens {n} aus der Größenklasse {label}" if de else f"at most {n} from size class {label}"  # fmt: skip
        if g == "max_per_state":
            n = constraints.max_per_state
            return f"höchstens {n} je Land" if de else f"at most {n} per state"
        if g == "min_states":
            n = constraints.min_states
            return f"mindestens {n} verschiedene Länder" if de else f"at least {n} different states"
        if g == "every_state":
            return ("mindestens eine Auswahl aus jedem Land mit einem zulässigen Antrag" if de
                    else "at least one from every state with an eligible candidate")  # fmt: skip
        if g == "min_score":
            assert constraints.min_score is not None
            s = _format_number(constraints.min_score, language)
            return f"Mindestpunktzahl {s}" if de else f"minimum score {s}"
        if g == "pin_include":
            return f"Kandidat {k} fest ausgewählt" if de else f"candidate {k} pinned to be included"
        if g == "pin_exclude":
            return f"Kandidat {k} fest ausgeschlossen" if de else f"candidate {k} pinned to be excluded"  # fmt: skip
        raise ValueError(g)


def _field(errors: list[FieldError], name: str, en: str, de: str) -> None:
    errors.append(FieldError(name, en, de))


def _decimal(value, name: str, errors: list[FieldError], *, money: bool) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal | Real):
        if money:
            _field(errors, name, "must be a decimal string such as \"125000.00\"",
                   "muss eine Dezimalzahl als Text sein, etwa \"125000.00\"")  # fmt: skip
        else:
            _field(errors, name, "must be a number", "muss eine Zahl sein")
        return None
    if money and isinstance(value, float):
        _field(errors, name, "money must be a decimal string, not a binary float",
               "Geldbeträge als Dezimalzahl im Text angeben, nicht als Gleitkommazahl")  # fmt: skip
        return None
    try:
        number = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        _field(errors, name, "is not a number", "ist keine Zahl")
        return None
    if not number.is_finite():
        _field(errors, name, "must be a finite number", "muss eine endliche Zahl sein")
        return None
    limit = _MAX_MONEY if money else _MAX_SCORE
    if abs(number) > limit:
        _field(errors, name, f"must not exceed {limit:,.0f} in size",
               f"darf höchstens {limit:,.0f} betragen".replace(",", "."))  # fmt: skip
        return None
    if money:
        if number < 0:
            _field(errors, name, "must not be negative", "darf nicht negativ sein")
            return None
        if number != number.quantize(_CENT):
            _field(errors, name, "must not have more than two decimal places (cents)",
                   "darf höchstens zwei Nachkommastellen (Cent) haben")  # fmt: skip
            return None
    return number


def _count(value, name: str, errors: list[FieldError], *, upper: int | None = None) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        _field(errors, name, "must be a whole number", "muss eine ganze Zahl sein")
        return None
    if value < 0:
        _field(errors, name, "must not be negative", "darf nicht negativ sein")
        return None
    if upper is not None and value > upper:
        _field(errors, name, f"must be at most {upper}", f"darf höchstens {upper} sein")
        return None
    return value


def _round_score(score: Decimal) -> Decimal:
    """Half-even to six decimals; a score that already fits keeps its own digits."""
    rounded = score.quantize(_SCORE_QUANTUM, rounding=ROUND_HALF_EVEN)
    return score if rounded == score else rounded


def candidates_from_data(items) -> list[Candidate]:
    """Plain candidate dicts (as in the API body) → candidates, or SelectionInputError."""
    errors: list[FieldError] = []
    if not isinstance(items, list | tuple):
        raise SelectionInputError([FieldError("candidates", "must be a list", "muss eine Liste sein")])  # fmt: skip
    if len(items) > MAX_CANDIDATES:
        raise SelectionInputError([FieldError(
            "candidates", f"at most {MAX_CANDIDATES} candidates", f"höchstens {MAX_CANDIDATES} Kandidaten")])  # fmt: skip
    result: list[Candidate] = []
    seen: set[int] = set()
    allowed_keys = {"id", "score", "cost", "size_class", "state", "pinned"}
    for index, item in enumerate(items):
        where = f"candidates.{index}"
        if isinstance(item, Candidate):
            item = {"id": item.id, "score": item.score, "cost": item.cost,
                    "size_class": item.size_class, "state": item.state, "pinned": item.pinned}  # fmt: skip
        if not isinstance(item, Mapping):
            _field(errors, where, "must be an object", "muss ein Objekt sein")
            continue
        for key in sorted(set(item) - allowed_keys, key=str):
            _field(errors, f"{where}.{key}", "unknown field", "unbekanntes Feld")
        before = len(errors)
        ident = item.get("id")
        if isinstance(ident, bool) or not isinstance(ident, int):
            _field(errors, f"{where}.id", "must be a whole number", "muss eine ganze Zahl sein")
        elif ident in seen:
            _field(errors, f"{where}.id", f"duplicate id {ident}", f"Kennung {ident} doppelt")
        else:
            seen.add(ident)
        if "score" not in item:
            _field(errors, f"{where}.score", "is required", "ist erforderlich")
            score = None
        else:
            score = _decimal(item["score"], f"{where}.score", errors, money=False)
        if "cost" not in item:
            _field(errors, f"{where}.cost", "is required", "ist erforderlich")
            cost = None
        else:
            cost = _decimal(item["cost"], f"{where}.cost", errors, money=True)
        size_class = item.get("size_class")
        if size_class not in SIZE_CLASSES:
            _field(errors, f"{where}.size_class",
                   f"unknown size class {size_class!r}; one of {', '.join(SIZE_CLASSES)}",
                   f"unbekannte Größenklasse {size_class!r}; erlaubt: {', '.join(SIZE_CLASSES)}")  # fmt: skip
        state = item.get("state")
        state = state.upper() if isinstance(state, str) else state
        if state not in STATES:
            _field(errors, f"{where}.state",
                   f"unknown state {item.get('state')!r}; a two-letter code such as NW",
                   f"unbekanntes Land {item.get('state')!r}; ein Kürzel wie NW")  # fmt: skip
        pinned = item.get("pinned")
        if pinned not in (None, "", *PINS):
            _field(errors, f"{where}.pinned", "must be include or exclude",
                   "muss include oder exclude sein")  # fmt: skip
        if len(errors) == before:
            assert score is not None
            assert cost is not None
            result.append(Candidate(id=ident, score=_round_score(score), cost=cost,
                                    size_class=size_class, state=state, pinned=pinned or None))  # fmt: skip
    if errors:
        raise SelectionInputError(errors)
    return result


def constraints_from_data(data, candidates: Sequence[Candidate] = ()) -> tuple[Constraints, list[Candidate]]:  # fmt: skip
    """Plain constraints (as in the API body) → constraints, and the candidates with the pins of
    an optional ``pins`` object ({id: include|exclude}) applied. SelectionInputError when bad."""
    errors: list[FieldError] = []
    if not isinstance(data, Mapping):
        raise SelectionInputError([FieldError("constraints", "must be an object", "muss ein Objekt sein")])  # fmt: skip
    known = {"budget", "min_per_size_class", "max_per_size_class", "max_per_state", "min_states",
             "min_score", "every_state", "pins"}  # fmt: skip
    for key in sorted(set(data) - known, key=str):
        _field(errors, f"constraints.{key}", "unknown field", "unbekanntes Feld")
    budget = None
    if data.get("budget") is None:
        _field(errors, "constraints.budget", "is required", "ist erforderlich")
    else:
        budget = _decimal(data["budget"], "constraints.budget", errors, money=True)
    per_class: dict[str, dict[str, int]] = {}
    for name in ("min_per_size_class", "max_per_size_class"):
        per_class[name] = {}
        raw = data.get(name) or {}
        if not isinstance(raw, Mapping):
            _field(errors, f"constraints.{name}", "must be an object size class → count",
                   "muss ein Objekt Größenklasse → Anzahl sein")  # fmt: skip
            continue
        for key, value in raw.items():
            where = f"constraints.{name}.{key}"
            if key not in SIZE_CLASSES:
                _field(errors, where, f"unknown size class {key!r}; one of {', '.join(SIZE_CLASSES)}",
                       f"unbekannte Größenklasse {key!r}; erlaubt: {', '.join(SIZE_CLASSES)}")  # fmt: skip
                continue
            count = _count(value, where, errors, upper=MAX_CANDIDATES)
            if count is not None:
                per_class[name][key] = count
    for key, low in per_class["min_per_size_class"].items():
        high = per_class["max_per_size_class"].get(key)
        if high is not None and low > high:
            _field(errors, f"constraints.min_per_size_class.{key}",
                   f"minimum {low} is above the maximum {high}",
                   f"Minimum {low} liegt über dem Maximum {high}")  # fmt: skip
    max_per_state = min_states = None
    if data.get("max_per_state") is not None:
        max_per_state = _count(data["max_per_state"], "constraints.max_per_state", errors, upper=MAX_CANDIDATES)  # fmt: skip
    if data.get("min_states") is not None:
        min_states = _count(data["min_states"], "constraints.min_states", errors, upper=len(STATES))
    min_score = None
    if data.get("min_score") is not None:
        min_score = _decimal(data["min_score"], "constraints.min_score", errors, money=False)
        min_score = _round_score(min_score) if min_score is not None else None
    every_state = data.get("every_state", False)
    if not isinstance(every_state, bool):
        _field(errors, "constraints.every_state", "must be true or false", "muss true oder false sein")  # fmt: skip
    pins = data.get("pins") or {}
    by_id = {c.id: c for c in candidates}
    changed = dict(by_id)
    if not isinstance(pins, Mapping):
        _field(errors, "constraints.pins", "must be an object id → include|exclude",
               "muss ein Objekt Kennung → include|exclude sein")  # fmt: skip
        pins = {}
    for key, pin in pins.items():
        where = f"constraints.pins.{key}"
        try:
            ident = int(key)
        except (TypeError, ValueError):
            _field(errors, where, "the key must be a candidate id", "der Schlüssel muss eine Kandidatenkennung sein")  # fmt: skip
            continue
        if ident not in by_id:
            _field(errors, where, f"no candidate with id {ident}", f"kein Kandidat mit der Kennung {ident}")  # fmt: skip
        elif pin not in PINS:
            _field(errors, where, "must be include or exclude", "muss include oder exclude sein")
        elif by_id[ident].pinned not in (None, pin):
            _field(errors, where, f"candidate {ident} is already pinned {by_id[ident].pinned}",
                   f"Kandidat {ident} ist bereits mit {by_id[ident].pinned} festgelegt")  # fmt: skip
        else:
            changed[ident] = Candidate(**{**by_id[ident].__dict__, "pinned": pin})
    if errors:
        raise SelectionInputError(errors)
    assert budget is not None
    constraints = Constraints(
        budget=budget, min_per_size_class=per_class["min_per_size_class"],
        max_per_size_class=per_class["max_per_size_class"], max_per_state=max_per_state,
        min_states=min_states, min_score=min_score, every_state=every_state,
    )  # fmt: skip
    return constraints, [changed[c.id] for c in candidates]


def _validate(candidates: Sequence[Candidate], constraints: Constraints) -> tuple[list[Candidate], Constraints]:  # fmt: skip
    """Typed input checked as strictly as plain input (round trip through the parsers)."""
    checked = candidates_from_data(list(candidates))
    checked_constraints, _same = constraints_from_data({
        "budget": constraints.budget, "min_per_size_class": dict(constraints.min_per_size_class),
        "max_per_size_class": dict(constraints.max_per_size_class),
        "max_per_state": constraints.max_per_state, "min_states": constraints.min_states,
        "min_score": constraints.min_score, "every_state": constraints.every_state,
    })  # fmt: skip
    return checked, checked_constraints


# --------------------------------------------------------------------------------------------
# Output


@dataclass(frozen=True)
class Binding:
    """A constraint group that costs score: without it the optimum would be ``gain`` higher.
    ``keys`` are the parts that are tight at the solution (size classes, states, pinned ids)."""

    group: str
    keys: tuple[str, ...]
    gain: Decimal


@dataclass(frozen=True)
class Greedy:
    """Walk the ranking top down, take what still fits budget and caps ("top N")."""

    selected: tuple[int, ...]
    objective: Decimal
    total_cost: Decimal
    violated: tuple[Item, ...]  # minimum constraints the greedy pick does not meet

    @property
    def feasible(self) -> bool:
        return not self.violated


@dataclass(frozen=True)
class SelectionResult:
    status: str  # "optimal" | "infeasible" | "time_limit"
    constraints: Constraints
    selected: tuple[int, ...] = ()
    objective: Decimal | None = None
    total_cost: Decimal | None = None
    binding: tuple[Binding, ...] = ()
    conflict: tuple[Item, ...] = ()  # a minimal set of constraints that cannot be met together
    facts: tuple[tuple[str, str], ...] = ()  # (en, de) sentences backing the conflict
    greedy: Greedy | None = None
    gap: Decimal | None = None  # objective minus the greedy objective
    mip_gap: float | None = None  # relative gap proven by the solver (0 when optimal)
    solver: str = ""

    def reason(self, language: str = "en") -> str:
        """A readable sentence for an infeasible or unfinished run ("" when optimal)."""
        de = language == "de"
        if self.status == "time_limit":
            return ("Die Rechenzeit reichte nicht für einen Optimalitätsbeweis." if de
                    else "The time limit was reached before optimality was proven.")  # fmt: skip
        if self.status != "infeasible":
            return ""
        parts = [item.describe(self.constraints, language) for item in self.conflict]
        if len(parts) == 1:
            text = (f"Keine Auswahl erfüllt die Bedingung „{parts[0]}“." if de
                    else f"No selection meets the constraint “{parts[0]}”.")  # fmt: skip
        else:
            joined = "; ".join(parts)
            text = (f"Keine Auswahl erfüllt diese Bedingungen zugleich: {joined}. "
                    "Wird eine davon gelockert, ist eine Auswahl möglich." if de
                    else f"No selection meets these constraints together: {joined}. "
                    "Relaxing any one of them makes a selection possible.")  # fmt: skip
        facts = " ".join(de_text if de else en for en, de_text in self.facts)
        return f"{text} {facts}".strip()


# --------------------------------------------------------------------------------------------
# The model


class _Model:
    """Integer data of one problem; builds HiGHS models for any subset of the constraints."""

    def __init__(self, candidates: Sequence[Candidate], constraints: Constraints):
        self.candidates = list(candidates)
        self.constraints = c = constraints
        self.n = len(self.candidates)
        places = max((-cand.score.normalize().as_tuple().exponent for cand in self.candidates), default=0)  # fmt: skip
        self.scale = Decimal(10) ** max(0, min(SCORE_PLACES, places))
        self.weights = [int(cand.score * self.scale) for cand in self.candidates]
        self.costs = [int(cand.cost * 100) for cand in self.candidates]
        self.budget = int(c.budget * 100)
        self.states = sorted({cand.state for cand in self.candidates})
        self.by_state = {s: [i for i, cand in enumerate(self.candidates) if cand.state == s] for s in self.states}  # fmt: skip
        self.by_class = {k: [i for i, cand in enumerate(self.candidates) if cand.size_class == k] for k in SIZE_CLASSES}  # fmt: skip
        self.below = [i for i, cand in enumerate(self.candidates)
                      if c.min_score is not None and cand.score < c.min_score]  # fmt: skip
        below = set(self.below)
        eligible = [i for i, cand in enumerate(self.candidates) if i not in below and cand.pinned != "exclude"]  # fmt: skip
        self.covered_states = sorted({self.candidates[i].state for i in eligible})
        items: list[Item] = []
        for cand in self.candidates:
            if cand.pinned == "exclude":
                items.append(Item("pin_exclude", str(cand.id)))
        for cand in self.candidates:
            if cand.pinned == "include":
                items.append(Item("pin_include", str(cand.id)))
        if c.min_score is not None and self.below:
            items.append(Item("min_score"))
        items += [Item("max_per_size_class", k) for k in SIZE_CLASSES if k in c.max_per_size_class]
        if c.max_per_state is not None:
            items.append(Item("max_per_state"))
        if c.every_state and self.covered_states:
            items.append(Item("every_state"))
        if c.min_states:
            items.append(Item("min_states"))
        items += [
            Item("min_per_size_class", k) for k in SIZE_CLASSES if c.min_per_size_class.get(k)
        ]
        items.append(Item("budget"))
        self.items = tuple(items)

    # --- exact checks (integer arithmetic, independent of the solver) ---

    def violated(self, chosen: Iterable[int], items: Iterable[Item] | None = None) -> list[Item]:
        chosen = set(chosen)
        c = self.constraints
        by_id = {str(self.candidates[i].id): i for i in range(self.n)}
        per_state = {s: sum(1 for i in members if i in chosen) for s, members in self.by_state.items()}  # fmt: skip
        per_class = {k: sum(1 for i in members if i in chosen) for k, members in self.by_class.items()}  # fmt: skip
        out = []
        for item in self.items if items is None else items:
            g, k = item.group, item.key
            bad = (
                (g == "budget" and sum(self.costs[i] for i in chosen) > self.budget)
                or (g == "min_per_size_class" and per_class[k] < c.min_per_size_class[k])
                or (g == "max_per_size_class" and per_class[k] > c.max_per_size_class[k])
                or (g == "max_per_state" and any(v > (c.max_per_state or 0) for v in per_state.values()))
                or (g == "min_states" and sum(1 for v in per_state.values() if v) < (c.min_states or 0))
                or (g == "every_state" and any(per_state[s] == 0 for s in self.covered_states))
                or (g == "min_score" and any(i in chosen for i in self.below))
                or (g == "pin_include" and by_id[k] not in chosen)
                or (g == "pin_exclude" and by_id[k] in chosen)
            )  # fmt: skip
            if bad:
                out.append(item)
        return out

    # --- solving ---

    def solve(self, items: Iterable[Item], *, objective: bool = True, time_limit: float | None = None,
              relaxed: bool = False, start: Sequence[int] = ()):  # fmt: skip
        """→ (status, chosen indices, integer objective, mip gap) for the given constraints.
        ``relaxed`` solves the LP relaxation only (the benchmark's floor; chosen is then the
        set of variables above 0.5, not a valid selection, and the objective is the LP bound);
        ``start`` is a known feasible selection (indices) to start from."""
        import highspy
        import numpy as np

        items = set(items)
        groups = {i.group for i in items}
        c = self.constraints
        n = self.n
        lower = np.zeros(n)
        upper = np.ones(n)
        for item in items:
            if item.group in ("pin_include", "pin_exclude"):
                index = next(i for i in range(n) if str(self.candidates[i].id) == item.key)
                if item.group == "pin_include":
                    lower[index] = 1.0
                else:
                    upper[index] = 0.0
        if "min_score" in groups:
            upper[self.below] = 0.0
        infeasible_bounds = bool(np.any(lower > upper))
        rows: list[tuple[list[int], list[float], float, float]] = []
        inf = highspy.kHighsInf
        if "budget" in groups:
            rows.append((list(range(n)), [float(v) for v in self.costs], -inf, float(self.budget)))
        for item in items:
            if item.group == "min_per_size_class":
                members = self.by_class[item.key]
                rows.append((members, [1.0] * len(members), float(c.min_per_size_class[item.key]), inf))  # fmt: skip
            elif item.group == "max_per_size_class":
                members = self.by_class[item.key]
                rows.append((members, [1.0] * len(members), -inf, float(c.max_per_size_class[item.key])))  # fmt: skip
        if "max_per_state" in groups:
            for members in self.by_state.values():
                rows.append((members, [1.0] * len(members), -inf, float(c.max_per_state or 0)))
        if "every_state" in groups:
            for s in self.covered_states:
                members = self.by_state[s]
                rows.append((members, [1.0] * len(members), 1.0, inf))
        extra = 0
        if "min_states" in groups:
            extra = len(self.states)
            # y_s ≤ Σ x_i (state s counts only if one of its candidates is chosen); Σ y_s ≥ k
            for j, s in enumerate(self.states):
                members = self.by_state[s]
                rows.append(([n + j, *members], [1.0] + [-1.0] * len(members), -inf, 0.0))
            rows.append(([n + j for j in range(extra)], [1.0] * extra, float(c.min_states or 0), inf))  # fmt: skip
        if infeasible_bounds:
            return "infeasible", (), None, None
        if n + extra == 0:  # nothing to choose: feasible exactly when every row accepts 0
            if all(lo <= 0 <= hi for _cols, _coefs, lo, hi in rows):
                return "optimal", (), 0, 0.0
            return "infeasible", (), None, None
        h = highspy.Highs()
        h.silent()
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 0.0)
        h.setOptionValue("threads", 1)
        h.setOptionValue("random_seed", 0)
        # Restarts after root presolve cost more than they save on these small, easy models
        # (measured: about half the time on 500 candidates, bench/selection.py).
        h.setOptionValue("mip_allow_restart", False)
        if time_limit is not None:
            h.setOptionValue("time_limit", float(time_limit))
        lp = highspy.HighsLp()
        lp.num_col_ = n + extra
        lp.num_row_ = len(rows)
        cost = np.array([float(w) for w in self.weights] + [0.0] * extra) if objective else np.zeros(n + extra)  # fmt: skip
        lp.col_cost_ = cost
        lp.col_lower_ = np.concatenate([lower, np.zeros(extra)])
        lp.col_upper_ = np.concatenate([upper, np.ones(extra)])
        lp.row_lower_ = np.array([r[2] for r in rows], dtype=float)
        lp.row_upper_ = np.array([r[3] for r in rows], dtype=float)
        starts, index, value = [0], [], []
        for cols, coefs, _lo, _hi in rows:
            index += cols
            value += coefs
            starts.append(len(index))
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
        lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
        lp.a_matrix_.value_ = np.array(value, dtype=float)
        lp.a_matrix_.num_col_ = n + extra
        lp.a_matrix_.num_row_ = len(rows)
        if not relaxed:
            lp.integrality_ = [highspy.HighsVarType.kInteger] * (n + extra)
        lp.sense_ = highspy.ObjSense.kMaximize
        h.passModel(lp)
        if start:
            known = set(start)
            solution = highspy.HighsSolution()
            solution.col_value = [1.0 if i in known else 0.0 for i in range(n)] + [
                1.0 if any(i in known for i in self.by_state[s]) else 0.0 for s in self.states[:extra]
            ]  # fmt: skip
            solution.value_valid = True
            h.setSolution(solution)
        h.run()
        status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            return "infeasible", (), None, None
        values = h.getSolution().col_value
        info = h.getInfo()
        if relaxed:
            return ("optimal" if status == highspy.HighsModelStatus.kOptimal else "unknown"), (), info.objective_function_value, None  # fmt: skip
        if status == highspy.HighsModelStatus.kOptimal:
            state = "optimal"
        elif status == highspy.HighsModelStatus.kTimeLimit and info.primal_solution_status == 2:
            state = "time_limit"
        elif status == highspy.HighsModelStatus.kTimeLimit:
            return "time_limit", (), None, None
        else:  # pragma: no cover - HiGHS reports something we do not expect of a bounded 0/1 model
            raise RuntimeError(f"HiGHS ended with {h.modelStatusToString(status)}")
        chosen = tuple(i for i in range(n) if values[i] > 0.5)
        return state, chosen, sum(self.weights[i] for i in chosen), float(info.mip_gap)


def solver_name() -> str:
    import highspy

    h = highspy.Highs()
    return f"HiGHS {h.version()} (highspy, exact MILP, gaps 0)"


def _ids(model: _Model, chosen: Iterable[int]) -> tuple[int, ...]:
    return tuple(sorted(model.candidates[i].id for i in chosen))


def _total(model: _Model, chosen: Iterable[int], what: str) -> Decimal:
    return sum((getattr(model.candidates[i], what) for i in chosen), Decimal(0))


def _tight(model: _Model, group: str, chosen: Sequence[int]) -> tuple[str, ...]:
    c = model.constraints
    chosen_set = set(chosen)
    per_class = {k: sum(1 for i in m if i in chosen_set) for k, m in model.by_class.items()}
    per_state = {s: sum(1 for i in m if i in chosen_set) for s, m in model.by_state.items()}
    if group == "min_per_size_class":
        return tuple(k for k, v in c.min_per_size_class.items() if v and per_class[k] == v)
    if group == "max_per_size_class":
        return tuple(k for k, v in c.max_per_size_class.items() if per_class[k] == v)
    if group == "max_per_state":
        return tuple(s for s, v in per_state.items() if v == c.max_per_state)
    if group in ("pin_include", "pin_exclude"):
        return tuple(i.key for i in model.items if i.group == group)
    return ()


def _facts(model: _Model, conflict: Sequence[Item]) -> tuple[tuple[str, str], ...]:
    """Short numbers that make a one- or two-item conflict obvious."""
    facts = []
    groups = {i.group for i in conflict}
    for item in conflict:
        if item.group == "min_per_size_class":
            available = len(model.by_class[item.key])
            en, de = SIZE_CLASS_LABELS[item.key]
            facts.append((f"There are {available} candidates of size class {en}.",
                          f"Es gibt {available} Kandidaten der Größenklasse {de}."))  # fmt: skip
    if "min_states" in groups:
        facts.append((f"The candidates come from {len(model.states)} states.",
                      f"Die Kandidaten stammen aus {len(model.states)} Ländern."))  # fmt: skip
    if "budget" in groups and "pin_include" in groups:
        pinned = [i for i in range(model.n) if model.candidates[i].pinned == "include"]
        cost = _total(model, pinned, "cost")
        facts.append((f"The pinned candidates cost {format_money(cost)}.",
                      f"Die fest ausgewählten Kandidaten kosten {format_money(cost, 'de')}."))  # fmt: skip
    return tuple(facts)


def _conflict(model: _Model, time_limit: float | None) -> tuple[Item, ...]:
    """A minimal infeasible subset of the constraints (deletion filter)."""
    kept = list(model.items)
    for item in list(model.items):
        trial = [i for i in kept if i != item]
        status, *_ = model.solve(trial, objective=False, time_limit=time_limit)
        if status == "infeasible":
            kept = trial
    return tuple(kept)


def greedy_top(candidates: Sequence[Candidate], constraints: Constraints) -> Greedy:
    """The naive jury walk: pinned candidates first, then down the ranking (score, then lower
    cost, then id), taking each candidate that still fits the budget and the caps (max per size
    class, max per state); the minimums (per size class, states) are not sought, only reported."""
    model = _Model(candidates, constraints)
    return _greedy(model)


def _greedy(model: _Model) -> Greedy:
    c = model.constraints
    below = set(model.below)
    order = sorted(range(model.n), key=lambda i: (-model.candidates[i].score, model.candidates[i].cost, model.candidates[i].id))  # fmt: skip
    pinned = [i for i in order if model.candidates[i].pinned == "include"]
    rest = [i for i in order if model.candidates[i].pinned is None and i not in below]
    chosen: list[int] = []
    spent = 0
    per_class: dict[str, int] = dict.fromkeys(SIZE_CLASSES, 0)
    per_state: dict[str, int] = {}
    for i in pinned + rest:
        cand = model.candidates[i]
        forced = cand.pinned == "include"
        fits = (
            spent + model.costs[i] <= model.budget
            and per_class[cand.size_class] < c.max_per_size_class.get(cand.size_class, model.n + 1)
            and (c.max_per_state is None or per_state.get(cand.state, 0) < c.max_per_state)
        )  # fmt: skip
        if forced or fits:
            chosen.append(i)
            spent += model.costs[i]
            per_class[cand.size_class] += 1
            per_state[cand.state] = per_state.get(cand.state, 0) + 1
    return Greedy(
        selected=_ids(model, chosen), objective=_total(model, chosen, "score"),
        total_cost=_total(model, chosen, "cost"), violated=tuple(model.violated(chosen)),
    )  # fmt: skip


def solve_selection(
    candidates: Sequence[Candidate],
    constraints: Constraints,
    *,
    explain: bool = True,
    time_limit: float | None = None,
) -> SelectionResult:
    """The optimal selection (or a minimal conflict when there is none).

    ``explain`` adds the binding constraint groups (one extra solve per group) and the greedy
    comparison; ``time_limit`` (seconds, per solve) turns a slow proof into status
    ``time_limit`` with the best selection found and the proven gap. Raises SelectionInputError
    for malformed input."""
    candidates, constraints = _validate(candidates, constraints)
    model = _Model(candidates, constraints)
    name = solver_name()
    status, chosen, _value, mip_gap = model.solve(model.items, time_limit=time_limit)
    if status == "infeasible":
        conflict = _conflict(model, time_limit)
        return SelectionResult(status="infeasible", constraints=constraints, conflict=conflict,
                               facts=_facts(model, conflict), solver=name,
                               greedy=_greedy(model) if explain else None)  # fmt: skip
    if status == "time_limit" and not chosen and model.violated(()):
        return SelectionResult(status="time_limit", constraints=constraints, solver=name)
    wrong = model.violated(chosen)
    if wrong:  # pragma: no cover - the exact re-check guards against solver tolerances
        raise RuntimeError(f"solver answer violates {wrong}")
    objective = _total(model, chosen, "score")
    binding: list[Binding] = []
    greedy = None
    if explain and status == "optimal":
        best = sum(model.weights[i] for i in chosen)
        for group in dict.fromkeys(i.group for i in model.items):
            rest = [i for i in model.items if i.group != group]
            # Without the group the optimum can only rise, and only to a whole number of score
            # units; when the LP bound stays below best + 1/2 (a margin far above the simplex
            # tolerance) it cannot rise at all, and the integer re-solve is skipped.
            lp_state, _none, bound, _g = model.solve(rest, relaxed=True)
            if lp_state == "optimal" and bound is not None and bound < best + 0.5:
                continue
            other, relaxed, _v, _g = model.solve(rest, time_limit=time_limit, start=chosen)
            if other == "optimal":
                gain = _total(model, relaxed, "score") - objective
                if gain > 0:
                    binding.append(Binding(group, _tight(model, group, chosen), gain))
        greedy = _greedy(model)
    return SelectionResult(
        status=status, constraints=constraints, selected=_ids(model, chosen), objective=objective,
        total_cost=_total(model, chosen, "cost"), binding=tuple(binding), greedy=greedy,
        gap=(objective - greedy.objective) if greedy else None, mip_gap=mip_gap, solver=name,
    )  # fmt: skip


def result_data(result: SelectionResult, language: str = "en") -> dict:
    """A result as plain data (Decimals kept; ids as ints)."""
    greedy = result.greedy
    return {
        "status": result.status,
        "selected": list(result.selected),
        "objective": result.objective,
        "total_cost": result.total_cost,
        "reason": result.reason(language),
        "conflict": [{"group": i.group, "key": i.key, "text": i.describe(result.constraints, language)}
                     for i in result.conflict],  # fmt: skip
        "binding": [{"group": b.group, "keys": list(b.keys), "gain": b.gain} for b in result.binding],
        "greedy": None if greedy is None else {
            "selected": list(greedy.selected), "objective": greedy.objective,
            "total_cost": greedy.total_cost, "feasible": greedy.feasible,
            "violated": [{"group": i.group, "key": i.key, "text": i.describe(result.constraints, language)}
                         for i in greedy.violated],
        },
        "gap": result.gap,
        "mip_gap": result.mip_gap,
        "solver": result.solver,
    }  # fmt: skip


def solve(candidates, constraints, *, language: str = "en", explain: bool = True,
          time_limit: float | None = None) -> dict:  # fmt: skip
    """Plain data in (the API body's ``candidates`` and ``constraints``), plain data out:
    ``status``, ``selected``, ``objective``, ``reason`` and the details of :func:`result_data`.
    Raises SelectionInputError (a ValueError) with field names for malformed input."""
    errors: list[FieldError] = []
    parsed: list[Candidate] = []
    try:
        parsed = candidates_from_data(candidates)
    except SelectionInputError as error:
        errors += error.errors
    try:
        parsed_constraints, parsed = constraints_from_data(constraints, parsed)
    except SelectionInputError as error:
        # pins on ids that failed to parse are not reported twice
        errors += [
            e for e in error.errors if not (errors and e.field.startswith("constraints.pins."))
        ]
    if errors:
        raise SelectionInputError(errors)
    result = solve_selection(parsed, parsed_constraints, explain=explain, time_limit=time_limit)
    return result_data(result, language)


__all__ = [
    "GROUPS", "MAX_CANDIDATES", "PINS", "SIZE_CLASSES", "STATES", "Binding", "Candidate",
    "Constraints", "FieldError", "Greedy", "Item", "SelectionInputError", "SelectionResult",
    "candidates_from_data", "constraints_from_data", "format_money", "greedy_top", "result_data",
    "solve", "solve_selection", "solver_name",
]  # fmt: skip
