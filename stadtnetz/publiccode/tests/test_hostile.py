# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Hostile input ends with a clear error; bounded work is enforced by the parser's byte and node
budgets (asserted here through the refusal codes), never by a timed assertion: how fast these
inputs are handled is measured by the validator benchmark, not here."""

import os

import pytest

from stadtnetz.publiccode import DEFAULT_MAX_BYTES, validate, validate_file

HEAD = b'publiccodeYmlVersion: "0"\n'


def _check(data):
    result = validate(data)
    assert not result.valid
    return result


def _descriptions(result):
    return " | ".join(r.description for r in result.results)


def test_alias_bomb_is_refused():
    lines = [b'a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        refs = b",".join([b"*a%d" % (i - 1)] * 10)
        lines.append(b"a%d: &a%d [%s]" % (i, i, refs))
    data = HEAD + b"\n".join(lines) + b"\ndescription:\n  en: {features: *a8}\n"
    result = _check(data)
    assert result.results  # wrong type at the first nested list, no expansion


def test_alias_bomb_through_valid_structure_hits_the_node_budget():
    data = (
        HEAD
        + b"x: &f ["
        + b",".join([b'"f"'] * 20000)
        + b"]\ndescription:\n"
        + b"".join(b"  l%d: {features: *f}\n" % i for i in range(200))
    )
    result = _check(data)
    assert "too complex" in _descriptions(result)


def test_recursive_alias_does_not_loop():
    result = _check(HEAD + b"a: &a [*a]\nusedBy: *a\nname: &n {x: *n}\n")
    assert "wrong type for this field" in _descriptions(result)


@pytest.mark.parametrize(
    "body",
    [
        b"name: " + b"[" * 5_000 + b"]" * 5_000,
        b"name: " + b"{a: " * 5_000 + b"}" * 5_000,
        b"name:\n" + b"- " * 5_000 + b"x\n",
    ],
)
def test_deep_nesting_is_a_yaml_error(body):
    result = _check(HEAD + body)
    assert result.results[0].key == ""
    assert "nesting depth" in result.results[0].description


def test_block_nesting_below_the_limit_is_fine():
    data = HEAD + b"name:\n" + b"".join(b" " * i + b"-\n" for i in range(900))
    result = _check(data)
    assert result.results[0].description == "wrong type for this field"


def test_fifty_megabytes_are_refused_before_parsing(tmp_path):
    data = HEAD + b"name: " + b"a" * (50 * 1024 * 1024)
    result = _check(data)
    assert result.results[0].code == "too_large"
    path = tmp_path / "publiccode.yml"
    path.write_bytes(data)
    result = validate_file(path)
    assert result.results[0].code == "too_large"
    assert str(DEFAULT_MAX_BYTES) in result.results[0].description


def test_many_nodes_are_refused_before_parsing():
    data = HEAD + b"usedBy: [" + b"a," * 200_000 + b"a]"
    data = data[:DEFAULT_MAX_BYTES]
    result = _check(data)
    assert result.results[0].code == "too_complex"


def test_largest_accepted_tree_is_parsed_whole():
    item = b"- " + b"x" * 6 + b"\n"
    count = (DEFAULT_MAX_BYTES - 200) // len(item)
    data = HEAD + b"usedBy:\n" + item * min(count, 49_000)
    result = _check(data)
    assert result.document is not None
    assert len(result.document["usedBy"]) == min(count, 49_000)


def test_binary_garbage():
    result = _check(os.urandom(256 * 1024))
    assert result.results[0].description in ("Invalid UTF-8",) or result.results[0].key == ""


def test_binary_garbage_that_is_valid_utf8():
    result = _check(bytes(range(1, 128)) * 100)
    assert result.results[0].key in ("", "publiccodeYmlVersion")


def test_non_utf8():
    result = _check('publiccodeYmlVersion: "0"\nname: Café München'.encode("latin-1"))
    assert [(r.key, r.description, r.line) for r in result.results] == [("", "Invalid UTF-8", 0)]


def test_lone_surrogate_in_str_input():
    result = _check('publiccodeYmlVersion: "0"\nname: \udcff')
    assert result.results[0].description == "Invalid UTF-8"


def test_nul_byte_is_a_yaml_error():
    result = _check(HEAD + b"name: a\x00b\n")
    assert result.results[0].key == ""


def test_multiple_documents():
    result = _check(HEAD + b"---\n" + HEAD)
    assert result.results[0].description == (
        "multiple YAML documents in one file are not supported"
    )


@pytest.mark.parametrize("data", [b"", b"# only a comment\n", b"---\n", b"[]", b"just text"])
def test_empty_or_not_a_mapping(data):
    result = _check(data)
    assert [(r.key, r.description) for r in result.results] == [
        ("publiccodeYmlVersion", "publiccodeYmlVersion is a required field")
    ]


def test_huge_scalar_values_inside_the_limit():
    text = "ä" * 200_000
    data = HEAD + f"name: x\ndescription:\n  en:\n    longDescription: {text}\n".encode()
    result = _check(data)
    assert any(r.key == "description.en.longDescription" for r in result.results)


def test_long_video_url_does_not_backtrack():
    url = "https://www.youtube.com/watch" + "*" * 100_000
    data = HEAD + f"description:\n  en:\n    videos: ['{url}']\n".encode()
    _check(data)


def test_path_traversal_is_refused(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    (tmp_path / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    data = HEAD + b"logo: ../secret.png\n"
    result = validate(data, base_path=repo)
    logo = [r for r in result.results if r.key == "logo"]
    assert [r.code for r in logo] == ["outside_repo"]


def test_symlink_out_of_the_repository_is_refused(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    (tmp_path / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (repo / "logo.png").symlink_to(tmp_path / "outside.png")
    result = validate(HEAD + b"logo: logo.png\n", base_path=repo)
    assert [r.code for r in result.results if r.key == "logo"] == ["outside_repo"]


def test_deep_nesting_in_a_large_file_is_refused_early():
    result = _check(HEAD + b"name: " + b"[" * 100_000 + b"]" * 100_000)
    assert result.results[0].code == "too_complex"
