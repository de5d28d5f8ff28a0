# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Agreement with the reference parser's test suite (see agreement.py for the method)."""

from stadtnetz.publiccode.tests import agreement

NETWORK_ONLY = {
    "testdata/v0/invalid/logo_missing_url.yml": "remote logo download (HTTP 404)",
}


def test_reference_suite_agreement(capsys):
    report = agreement.run()
    with capsys.disabled():
        print("\n[publiccode agreement]\n" + report.summary())
    assert set(report.skipped_network) == set(NETWORK_ONLY)
    assert report.total >= 300
    assert report.valid_ratio == 1.0, sorted(report.differences)
    assert report.set_ratio >= 0.95, sorted(report.differences)
    unexplained = set(report.differences) - set(agreement.KNOWN_DIFFERENCES)
    assert not unexplained, {k: report.differences[k] for k in sorted(unexplained)}


def test_known_differences_are_still_different():
    """Keep the documented list honest: each entry must still differ in some way."""
    cases = {c.path: c for c in agreement.load_cases()}
    for path in agreement.KNOWN_DIFFERENCES:
        case = cases[path]
        got = [r.to_dict() for r in agreement.validate_file(agreement.DATA / path).results]
        for item in got:
            item["description"] = agreement._normalise(item["description"])
        assert got != case.expected, path


def test_messages_use_reference_wording_for_a_full_fixture():
    result = agreement.validate_file(agreement.DATA / "testdata/v0/invalid/mostly_empty.yml")
    assert [r.description for r in result.results][:2] == [
        "name is a required field",
        "url is a required field",
    ]
