# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Property-based tests: the validator never raises, whatever it is given."""

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stadtnetz.publiccode import Result, spdx, validate

VALID = (
    Path(__file__).parent / "data" / "testdata" / "v0" / "valid" / "valid.minimal.yml"
).read_bytes()

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_KEYS = st.sampled_from(
    [
        "publiccodeYmlVersion",
        "name",
        "url",
        "platforms",
        "description",
        "legal",
        "maintenance",
        "localisation",
        "logo",
        "IT",
        "it",
        "en",
        "features",
        "contacts",
        "type",
        "<<",
        "x",
    ]
)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["0", "0.2", "yes", "contract", "en", "AGPL-3.0", "../x.png", "/etc/x"]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=5)),
    max_leaves=25,
)


def _assert_well_formed(result):
    assert isinstance(result.valid, bool)
    for item in result.results:
        assert isinstance(item, Result)
        assert item.type in ("error", "warning")
        assert isinstance(item.key, str)
        assert isinstance(item.description, str)
        assert item.line >= 0
        assert item.column >= 0
        assert isinstance(item.description_de, str)
        assert item.description_de


@FAST
@given(st.binary(max_size=2000))
def test_random_bytes_never_crash(data):
    _assert_well_formed(validate(data))


@FAST
@given(st.text(max_size=2000))
def test_random_text_never_crashes(text):
    _assert_well_formed(validate(text))


@FAST
@given(st.dictionaries(_KEYS, _VALUES, max_size=8))
def test_random_documents_never_crash(doc):
    doc.setdefault("publiccodeYmlVersion", "0")
    text = yaml.safe_dump(doc, allow_unicode=True)
    _assert_well_formed(validate(text))


@FAST
@given(st.integers(min_value=0, max_value=len(VALID)), st.binary(max_size=40))
def test_mutated_valid_file_never_crashes(position, junk):
    _assert_well_formed(validate(VALID[:position] + junk + VALID[position:]))


_SPDX_TOKENS = st.sampled_from(
    ["MIT", "GPL-2.0+", "LicenseRef-x", "Classpath-exception-2.0", "(", ")", "AND", "OR", "WITH"]
    + ["and", "with", "+", "NOT", "~", "/", ",", " ", "\t", "x_y", "AdditionRef-y"]
)


@FAST
@given(st.lists(_SPDX_TOKENS, max_size=14), st.sampled_from([" ", ""]))
def test_spdx_expressions_never_raise(tokens, glue):
    """license-expression raises IndexError/AssertionError on some malformed text; the
    wrapper turns every one into "invalid", and licences.judge into "no approval"."""
    text = glue.join(tokens)
    assert isinstance(spdx.is_expression(text), bool)
    tree = spdx.parse(text)
    if tree is not None:
        assert list(spdx.symbols(tree))
