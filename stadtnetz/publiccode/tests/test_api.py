# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Public API, document output, German messages and format checks."""

from pathlib import Path

import pytest

from stadtnetz.publiccode import MESSAGES, describe_de, formats, validate, validate_file

DATA = Path(__file__).parent / "data" / "testdata" / "v0"


def test_valid_file_gives_document():
    result = validate_file(DATA / "valid" / "valid.yml")
    assert result.valid
    assert result.results == []
    assert result.version == "0"
    assert result.document["name"] == "Medusa"
    assert result.document["localisation"]["localisationReady"] is True
    assert result.document["description"]["en"]["features"][0] == "Very important feature"


def test_codice_ipa_is_copied_to_organisation():
    result = validate_file(DATA / "valid_with_warnings" / "valid_with_IT_riuso_codiceIPA.yml")
    assert result.valid
    assert result.document["organisation"]["uri"] == "urn:x-italian-pa:pcm"


def test_without_base_path_local_files_are_not_checked():
    data = (DATA / "invalid" / "logo_missing_file.yml").read_bytes()
    assert validate(data).valid
    assert not validate(data, base_path=DATA / "invalid").valid


def test_every_message_has_a_german_translation():
    for code, (english, german) in MESSAGES.items():
        assert german and german != english or code == "yaml_syntax", code


def test_german_description_of_a_result():
    result = validate_file(DATA / "invalid" / "developmentStatus_invalid.yml")
    (item,) = result.results
    assert item.description_de.startswith("developmentStatus muss einer der folgenden Werte")
    assert item.description_de.endswith('"stable" oder "obsolete"')
    assert item.to_dict(german=True)["description_de"] == item.description_de
    assert describe_de("required", {"f": "name"}) == "name ist ein Pflichtfeld"


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("AGPL-3.0-or-later", True),
        ("EUPL-1.2 OR AGPL-3.0-or-later", True),
        ("(MIT AND BSD-3-Clause) OR Apache-2.0", True),
        ("GPL-2.0+", True),
        ("GPL-3.0", True),
        ("MIT WITH Bison-exception-2.2", True),
        ("LicenseRef-Proprietary", True),
        ("Invalid License", False),
        ("MIT OR", False),
        ("MIT WITH Foo", False),
        ("(MIT", False),
        ("", False),
        ("mit or apache-2.0", True),
        ("GPL-2.0-only WITH AdditionRef-Extra", True),
        ("DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2", True),
        ("Classpath-exception-2.0", False),
        ("MIT WITH MIT", False),
        ("(MIT) WITH Classpath-exception-2.0", False),
        # accepted by license-expression 30.4 on its own, refused by the token check in spdx.py
        ("MIT OR Apache-2.0 OR", False),
        ("(MIT) Apache-2.0 OR BSD-3-Clause", False),
        ("Apache-2.0 OR (MIT) BSD-3-Clause", False),
        ("((MIT) Apache-2.0)", False),
        # the library raises IndexError / AssertionError here: still just "invalid"
        ("( )", False),
        ("( OR + )", False),
        ("MIT/Apache-2.0", False),
        ("(" * 60 + "MIT" + ")" * 60, False),
        ("MIT OR " * 400 + "MIT", False),
    ],
)
def test_spdx(value, ok):
    assert formats.is_spdx_expression(value) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("en", True),
        ("de-AT", True),
        ("sl-IT-nedis", True),
        ("zh-Hant-TW", True),
        ("es-419", True),
        ("yue", True),
        ("en_GB", False),
        ("ita", False),
        ("xxx", False),
        ("no such language", False),
        ("de-XY", False),
        ("sr-lat", False),
    ],
)
def test_bcp47(value, ok):
    assert formats.is_bcp47(value) is ok


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.org/x", None),
        ("urn:foobar:example", None),
        ("urn:x-italian-pa:pcm", None),
        ("urn:x-italian-pa:no_such_pa", "ipa_uri"),
        ("1", "uri"),
        ("c_h501", "uri"),
    ],
)
def test_organisation_uri(value, expected):
    assert formats.organisation_uri_problem(value) == expected


def test_grapheme_length():
    assert formats.grapheme_len("abc") == 3
    assert formats.grapheme_len("e\u0301") == 1
    assert formats.grapheme_len("\U0001f468\u200d\U0001f469\u200d\U0001f467") == 1
    assert formats.grapheme_len("\U0001f1e9\U0001f1ea\U0001f1ee\U0001f1f9") == 2
    assert formats.grapheme_len("\U0001f44b\U0001f3fd") == 1
    assert formats.grapheme_len("a\r\nb") == 3


@pytest.mark.parametrize(
    ("text", "clusters"),
    [
        ("\u0915\u094d\u0937", 1),  # Devanagari conjunct (GB9c): the approximation said 2
        ("\u0d15\u0d4d\u0d15", 1),  # Malayalam conjunct
        ("\u0600\u0661", 1),  # Arabic number sign prepends (GB9b)
        ("\u0e01\u0e33", 1),  # Thai SARA AM is a spacing mark (GB9a), though category Lo
        ("\u1100\u1161\u11a8", 1),  # Hangul L V T
        ("1\ufe0f\u20e3", 1),  # keycap
        ("\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f", 1),
        ("\u2764\ufe0f\u200d\U0001f525", 1),  # ZWJ sequence
        ("Stra\u00dfe", 6),
    ],
)
def test_grapheme_length_follows_uax_29(text, clusters):
    assert formats.grapheme_len(text) == clusters


def test_yaml_11_booleans_are_strings():
    head = 'publiccodeYmlVersion: "0"\n'
    result = validate(head + "localisation:\n  localisationReady: yes\n")
    assert ("localisation.localisationReady", "wrong type for this field") in [
        (r.key, r.description) for r in result.results
    ]


def test_merge_keys_are_resolved():
    text = (DATA / "valid" / "valid.minimal.yml").read_text()
    text = text.replace("legal:\n", "legal_base: &l\n  license: MIT\nlegal:\n  <<: *l\n", 1)
    result = validate(text)
    assert result.document["legal"]["license"] in ("MIT", "AGPL-3.0-or-later")


def test_duplicate_keys_are_reported_and_the_first_value_kept():
    result = validate('publiccodeYmlVersion: "0"\nname: a\nname: b\n')
    first = result.results[0]
    assert (first.key, first.line, first.column) == ("name", 3, 1)
    assert first.description == 'mapping key "name" already defined at [2:1]'
    assert result.document["name"] == "a"


def test_network_checks_report_errors_instead_of_raising(monkeypatch):
    from stadtnetz.publiccode import network

    def refuse(url, *, timeout, max_bytes=0):
        raise network.NetworkError(f"HTTP GET failed for {url}: not found")

    monkeypatch.setattr(network, "fetch", refuse)
    result = validate_file(DATA / "valid" / "valid.yml", network=True)
    keys = {r.key for r in result.results}
    assert {"url", "landingURL", "roadmap", "description.en.documentation"} <= keys
    assert all(r.type == "error" for r in result.results)


def test_network_refuses_private_addresses():
    from stadtnetz.publiccode import network

    with pytest.raises(network.NetworkError, match="non-public"):
        network.fetch("http://127.0.0.1:9/", timeout=1)
