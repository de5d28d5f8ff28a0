# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The questionnaire files: the shipped one is valid; broken files are refused with the place."""

from __future__ import annotations

import pytest
import yaml

from stadtnetz.assessments import questionnaire
from stadtnetz.assessments.questionnaire import QuestionnaireError, parse

SHIPPED = questionnaire.DIRECTORY / "smart-city-reifegrad-1.0.0.yaml"


def shipped() -> dict:
    return yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


def test_shipped_questionnaire_matches_the_design():
    q = questionnaire.current()
    assert q.version == "1.0.0" and q.major == 1
    assert q.stage_ids == ["B", "F", "FR", "I"]
    assert [d.id for d in q.dimensions] == ["S", "P", "D", "I", "K", "O", "H", "W"]
    assert len(q.questions) == 40
    assert all(len(qs) == 5 for qs in q.questions_by_dimension.values())
    assert {x.id for x in q.questions if x.na_allowed} == {"I3", "H2", "H4"}
    assert q.question_by_id["D1"].requires == {"FR": {"D3": "F"}}
    s = q.scoring
    assert (str(s.threshold), s.overall_min_dimensions_at_level, s.overall_floor_gap) == (
        "3/4",
        6,
        1,
    )
    assert (s.dimension_min_answered, s.dimension_max_unknown, s.peer_min_group_size) == (3, 2, 5)
    for question in q.questions:  # every text has both languages
        assert question.text.de and question.text.en
        assert all(option.de and option.en for option in question.options.values())


def test_changelog_names_the_version():
    changelog = (questionnaire.DIRECTORY / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## 1.0.0" in changelog


def _broken(mutate) -> str:
    data = shipped()
    mutate(data)
    return yaml.safe_dump(data, allow_unicode=True)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["questions"][0]["options"].pop("I"), "options must be exactly"),
        (lambda d: d["questions"][1].update(id="S1"), "duplicate ids S1"),
        (lambda d: d["questions"][0].update(dim="X"), "unknown dimension"),
        (lambda d: d["questions"][0].update(requires={"FR": {"Z9": "F"}}), "unknown question"),
        (lambda d: d["questions"][0].update(requires={"FR": {"S2": "X"}}), "unknown stage"),
        (lambda d: d["questions"][0].update(effort="huge"), "questions.0.effort"),
        (lambda d: d["questions"][0].update(colour="red"), "questions.0.colour"),
        (lambda d: d["questions"][0]["text"].pop("en"), "questions.0.text.en"),
        (lambda d: d["scoring"].update(dimension_stage_threshold="1.5"), "threshold"),
        (lambda d: d["scoring"].update(overall_min_dimensions_at_level=9), "more than there are"),
        (lambda d: d["scoring"].update(evidence_required_from="X"), "unknown stage"),
        (lambda d: d["meta"].update(version="1.0"), "meta.version"),
        (lambda d: d["stages"][1].update(value=5), "values must be 0, 1, 2"),
        (lambda d: d["questions"][0]["next"].update(I={"de": "x", "en": "x"}), "next step"),
    ],
)
def test_broken_files_are_refused_with_the_place(mutate, message):
    with pytest.raises(QuestionnaireError) as caught:
        parse(_broken(mutate), source="test.yaml")
    assert message in str(caught.value)
    assert str(caught.value).startswith("test.yaml: ")


@pytest.mark.parametrize("text", ["", "- a list", "a: [unclosed", "\x00"])
def test_not_a_questionnaire_at_all(text):
    with pytest.raises(QuestionnaireError):
        parse(text)


def test_file_name_must_carry_id_and_version(tmp_path):
    path = tmp_path / "questionnaire.yaml"
    path.write_text(SHIPPED.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(QuestionnaireError, match="smart-city-reifegrad-1.0.0.yaml"):
        questionnaire.load(path)
    good = tmp_path / "smart-city-reifegrad-1.0.0.yaml"
    good.write_text(SHIPPED.read_text(encoding="utf-8"), encoding="utf-8")
    assert questionnaire.load(good).version == "1.0.0"
