# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Edit conflicts in a section: three-way merge that never drops text, highlighted changes."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from stadtnetz.submissions.merge import has_markers, highlight, merge

BASE = "Ausgangslage der Stadt.\n\nZiele bis 2030.\n\nBudget folgt."


def test_changes_in_different_places_are_both_kept():
    theirs = BASE + "\n\nDatenplattform (Beraterin)."
    yours = BASE.replace("Ausgangslage der Stadt.", "Ausgangslage der Stadt (Kommune).")
    result = merge(BASE, theirs, yours)
    assert result.clean
    assert result.text == (
        "Ausgangslage der Stadt (Kommune).\n\nZiele bis 2030.\n\nBudget folgt."
        "\n\nDatenplattform (Beraterin)."
    )


def test_the_same_change_on_both_sides_is_taken_once():
    both = BASE.replace("2030", "2035")
    assert merge(BASE, both, both).text == both


def test_one_side_deleting_a_line_the_other_left_alone():
    theirs = BASE.replace("\n\nBudget folgt.", "")
    result = merge(BASE, theirs, BASE)
    assert result.clean and result.text == theirs


def test_a_passage_both_changed_keeps_both_texts_between_markers():
    theirs = BASE.replace("Ziele bis 2030.", "Ziele bis 2035 (Beraterin).")
    yours = BASE.replace("Ziele bis 2030.", "Ziele bis 2040 (Kommune).")
    result = merge(BASE, theirs, yours)
    assert not result.clean and len(result.conflicts) == 1
    assert "Ziele bis 2035 (Beraterin)." in result.text
    assert "Ziele bis 2040 (Kommune)." in result.text
    assert result.text.index("2035") < result.text.index("2040")
    assert has_markers(result.text)
    assert "Ausgangslage der Stadt." in result.text and "Budget folgt." in result.text


def test_a_markdown_heading_underline_is_not_a_marker():
    assert not has_markers("Titel\n=======\n\nText")
    assert has_markers("<<<<<<< a\nx\n=======\ny\n>>>>>>> b\n")


def test_highlight_marks_words_and_escapes_html():
    html = highlight("Das ist <b>alt</b>.", "Das ist <b>neu</b> und gut.")
    assert "<del>" in html and "<ins>" in html
    assert "<b>" not in html and "&lt;b&gt;" in html


lines = st.lists(st.sampled_from(["A\n", "B\n", "C\n", "D\n", "E\n", "\n"]), max_size=8)


@settings(max_examples=300, deadline=None)
@given(base=lines, theirs=lines, yours=lines)
def test_merge_never_loses_a_line_either_side_added(base, theirs, yours):
    """Every line one side has and the base has not appears in the result (or a conflict)."""
    result = merge("".join(base), "".join(theirs), "".join(yours))
    out = result.text.splitlines()
    for side in (theirs, yours):
        for line in {line.rstrip("\n") for line in side} - {line.rstrip("\n") for line in base}:
            assert line in out
    if theirs == base:
        assert result.text.rstrip("\n") == "".join(yours).rstrip("\n")
    if yours == base:
        assert result.text.rstrip("\n") == "".join(theirs).rstrip("\n")


@pytest.mark.django_db
def test_stale_save_offers_the_merge_and_one_save_keeps_both(
    application, editor, consultant, client
):
    url = reverse("submissions:section_edit", args=[application.pk, "strategie"])
    client.force_login(editor)
    assert client.post(url, {"text": BASE, "version": "0"}).status_code == 302
    client.force_login(consultant)
    theirs = BASE + "\n\nDatenplattform (Beraterin)."
    assert client.post(url, {"text": theirs, "version": "1"}).status_code == 302
    client.force_login(editor)
    yours = BASE.replace("Ausgangslage der Stadt.", "Ausgangslage der Stadt (Kommune).")
    stale = client.post(url, {"text": yours, "version": "1"})
    body = stale.content.decode()
    assert stale.status_code == 409
    assert application.answers.get(key="strategie").text == theirs  # nothing overwritten
    field = re.search(r'<textarea[^>]*id="id_section_text"[^>]*>(.*?)</textarea>', body, re.S)
    assert "Datenplattform (Beraterin)." in field.group(1)
    assert "(Kommune)." in field.group(1)
    assert 'name="version" value="2"' in body or 'value="2" name="version"' in body
    assert "<ins>" in body.split('id="theirs"')[1].split("</section>")[0]  # their addition
    assert "Vorschau des zusammengeführten Textes" in body
    preview = body.split('id="preview"')[1].split("</div>")[0]
    assert "Datenplattform" in preview and "Kommune" in preview
    merged = client.post(url, {"text": field.group(1).replace("&#x27;", "'"), "version": "2"})
    assert merged.status_code == 302
    saved = application.answers.get(key="strategie")
    assert saved.version == 3
    assert "Datenplattform (Beraterin)." in saved.text and "(Kommune)." in saved.text


@pytest.mark.django_db
def test_text_with_an_undecided_conflict_is_refused_at_the_field(
    application, editor, consultant, client
):
    url = reverse("submissions:section_edit", args=[application.pk, "strategie"])
    client.force_login(editor)
    client.post(url, {"text": BASE, "version": "0"})
    client.force_login(consultant)
    client.post(url, {"text": BASE.replace("2030", "2035"), "version": "1"})
    client.force_login(editor)
    stale = client.post(url, {"text": BASE.replace("2030", "2040"), "version": "1"})
    body = stale.content.decode()
    field = re.search(r'<textarea[^>]*id="id_section_text"[^>]*>(.*?)</textarea>', body, re.S)
    assert "&lt;&lt;&lt;&lt;&lt;&lt;&lt;" in field.group(1)  # both texts kept, marked
    assert "2035" in field.group(1) and "2040" in field.group(1)
    unmerged = field.group(1).replace("&lt;", "<").replace("&gt;", ">")
    refused = client.post(url, {"text": unmerged, "version": "2"})
    assert refused.status_code == 400
    assert "Konflikt" in refused.content.decode()
    assert application.answers.get(key="strategie").version == 2


@pytest.mark.django_db
def test_section_page_has_unique_field_ids_and_a_counter(application, editor, client):
    url = reverse("submissions:section_edit", args=[application.pk, "strategie"])
    client.force_login(editor)
    client.post(url, {"text": "Zwölf Zeichen", "version": "0"})
    body = client.get(url).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', body)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert 'id="id_section_text"' in body and 'id="id_comment_text"' in body
    assert re.search(r'id="id_section_text-counter"[^>]*>13 von [\d.]+ Zeichen<', body)
