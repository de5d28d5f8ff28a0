# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Confirmed reuse (pages and API), the validator page and API, the editor, the crawl page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stadtnetz.publiccode import validate
from stadtnetz.solutions.models import Reuse, ReuseRecord, Solution
from stadtnetz.solutions.services import solution_import
from stadtnetz.users.services import api_token_create

from .conftest import VALID_YML

pytestmark = pytest.mark.django_db


@pytest.fixture
def solution(db):
    created, _ = solution_import(repository_url="https://github.com/stadt/maengelmelder",
                                 raw=VALID_YML.format(slug="m").encode())  # fmt: skip
    return created


def declare(client, solution, organisation, **data):
    payload = {"organisation": organisation.pk, "status": "production", "since": "2025-03-01",
               "note": "Läuft im Bürgerbüro", "contact_name": "Erika Muster",
               "contact_email": "erika@solingen.example"} | data  # fmt: skip
    return client.post(reverse("solutions:reuse_declare", args=[solution.pk]), payload)


def test_municipality_confirms_reuse_and_it_shows_on_both_sides(client, solution, town):
    client.force_login(town.editor)
    assert client.get(reverse("solutions:reuse_declare", args=[solution.pk])).status_code == 200
    response = declare(client, solution, town.organisation)
    assert response.status_code == 302
    reuse = Reuse.objects.get()
    assert (reuse.organisation, reuse.status, reuse.declared_by) == (
        town.organisation,
        "production",
        town.editor,
    )
    assert ReuseRecord.objects.get().action == "declared"
    solution.refresh_from_db()
    assert {p["key"]: p["points"] for p in solution.readiness_parts}["reuse"] == 10
    page = client.get(solution.get_absolute_url()).content.decode()
    assert "Stadt Solingen" in page and "Läuft im Bürgerbüro" in page
    assert "auch vom Nutzer bestätigt" in page  # usedBy "Stadt Solingen (05122000)" matched
    assert "keiner registrierten Organisation zugeordnet" in page  # "Gemeinde Irgendwo"
    own = client.get(reverse("solutions:organisation_reuses", args=[town.organisation.slug]))
    assert solution.name in own.content.decode()
    publisher = client.get(reverse("solutions:publisher", args=[solution.publisher_slug]))
    assert "Stadt Solingen" in publisher.content.decode()
    client.logout()
    anonymous = client.get(solution.get_absolute_url()).content.decode()
    assert "Stadt Solingen" in anonymous and "erika@solingen.example" not in anonymous


def test_declaring_again_updates_and_withdraw_keeps_history(client, solution, town):
    client.force_login(town.editor)
    declare(client, solution, town.organisation)
    declare(client, solution, town.organisation, status="piloting")
    assert Reuse.objects.get().status == "piloting"
    response = client.post(reverse("solutions:reuse_withdraw", args=[Reuse.objects.get().pk]))
    assert response.status_code == 302
    assert Reuse.objects.get().withdrawn_at is not None
    assert list(ReuseRecord.objects.values_list("action", flat=True)) == [
        "declared",
        "changed",
        "withdrawn",
    ]


@pytest.mark.parametrize(("data", "field"), [
    ({"status": "dropped", "note": ""}, "note"),
    ({"since": "2999-01-01"}, "since"),
    ({"since": "gestern"}, "since"),
    ({"status": "hacked"}, "status"),
    ({"contact_email": "kein-mail"}, "contact_email"),
    ({"note": "x" * 3000}, "note"),
])  # fmt: skip
def test_bad_reuse_input_is_refused_at_the_field(client, solution, town, data, field):
    client.force_login(town.editor)
    response = declare(client, solution, town.organisation, **data)
    assert response.status_code == 400 and field in response.context["form"].errors
    assert not Reuse.objects.exists()


def test_dropped_with_reason_counts_as_record(client, solution, town):
    client.force_login(town.editor)
    declare(client, solution, town.organisation, status="dropped", note="Zu teuer im Betrieb")
    assert "Zu teuer im Betrieb" in client.get(solution.get_absolute_url()).content.decode()


def test_only_editors_declare_for_their_organisation(client, solution, town, make_user):
    client.force_login(town.member)
    assert client.get(reverse("solutions:reuse_declare", args=[solution.pk])).status_code == 403
    client.force_login(town.outsider)
    assert declare(client, solution, town.organisation).status_code == 403
    assert not Reuse.objects.exists()


def test_reuse_api_with_token(client, solution, town):
    url = f"/api/v1/solutions/{solution.pk}/reuses"
    body = {"organisation_id": town.organisation.pk, "status": "piloting", "since": "2025-01-01"}
    assert client.post(url, body, content_type="application/json").status_code == 401
    outsider = api_token_create(user=town.outsider, name="t").secret
    response = client.post(url, body, content_type="application/json",
                           headers={"Authorization": f"Bearer {outsider}"})  # fmt: skip
    assert response.status_code == 403
    editor = api_token_create(user=town.editor, name="t").secret
    auth = {"Authorization": f"Bearer {editor}"}
    response = client.post(url, body, content_type="application/json", headers=auth)
    assert response.status_code == 201 and response.json()["status"] == "piloting"
    bad = client.post(url, body | {"status": "dropped"}, content_type="application/json",
                      headers=auth)  # fmt: skip
    assert (
        bad.status_code == 400 and "note" in bad.json()["errors"] and bad.json()["field"] == "note"
    )
    assert client.post(url, "{nope", content_type="application/json", headers=auth
                       ).status_code in (400, 422)  # fmt: skip
    detail = client.get(f"/api/v1/solutions/{solution.pk}").json()
    assert detail["reuses"][0]["organisation"] == "Stadt Solingen"
    assert detail["used_by"][0] == {
        "text": "Stadt Solingen (05122000)",
        "organisation_id": town.organisation.pk,
        "confirmed": True,
    }
    assert {p["key"] for p in detail["readiness_parts"]} >= {"publiccode", "reuse"}
    reuse_id = response.json()["id"]
    assert client.delete(f"/api/v1/reuses/{reuse_id}", headers=auth).status_code == 204


def test_solution_list_api(client, corpus_sample):
    data = client.get("/api/v1/solutions", {"licence": "EUPL-1.2", "page_size": 2}).json()
    assert data["count"] >= 1 and len(data["items"]) <= 2
    assert all("EUPL" in item["licence"] for item in data["items"])
    assert client.get("/api/v1/solutions", {"validity": "maybe"}).status_code == 422
    assert client.get("/api/v1/solutions", {"page_size": 10_000}).status_code == 422
    assert client.get("/api/v1/solutions/999999").status_code == 404


def test_validate_api(client):
    url = "/api/v1/publiccode/validate"
    ok = client.post(url, VALID_YML.format(slug="x"), content_type="application/yaml").json()
    assert ok["valid"] is True and ok["results"][0]["type"] == "warning"
    bad = client.post(url, "name: [", content_type="application/yaml").json()
    assert bad["valid"] is False and bad["results"][0]["line"] >= 1
    assert client.post(url, b"", content_type="application/yaml").status_code == 400
    big = client.post(url, b"a" * (600 * 1024), content_type="application/yaml")
    assert big.status_code == 413
    garbage = client.post(url, bytes(range(256)) * 10, content_type="application/octet-stream")
    assert garbage.status_code == 200 and garbage.json()["valid"] is False
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    assert client.post(url, bomb, content_type="application/yaml").json()["valid"] is False


def test_validate_page_paste_upload_and_limits(client):
    url = reverse("solutions:validate")
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "publiccodeYmlVersion: '0'\nname: x\n"})
    body = response.content.decode()
    assert response.status_code == 200 and "nicht gültig" in body
    assert "publiccodeYmlVersion: &#x27;0&#x27;" in body  # the source line beside the message
    upload = SimpleUploadedFile("publiccode.yml", VALID_YML.format(slug="u").encode())
    assert "gültig" in client.post(url, {"upload": upload}).content.decode()
    huge = SimpleUploadedFile("publiccode.yml", b"a" * (600 * 1024))
    response = client.post(url, {"upload": huge})
    assert response.status_code == 400 and "512 KB" in response.content.decode()
    assert client.post(url, {"text": ""}).status_code == 400
    html = client.post(url, {"text": "name: <script>alert(1)</script>"}).content
    assert b"<script>alert(1)</script>" not in html
    latin1 = SimpleUploadedFile("p.yml", "name: Müller".encode("latin-1"))
    assert "UTF-8" in client.post(url, {"upload": latin1}).content.decode()


def test_validate_page_over_the_request_limit_is_a_clear_400(client):
    response = client.post(reverse("solutions:validate"), {"text": "a" * (3 * 1024 * 1024)})
    assert response.status_code in (400, 413)


EDITOR = {"name": "Parkraum-App", "url": "https://github.com/stadt/parkraum",
          "platforms": ["web", "android"], "categories": ["collaboration"],
          "development_status": "beta", "software_type": "standalone/web", "licence": "EUPL-1.2",
          "maintenance_type": "contract", "contact_name": "Max", "contractor_name": "IT GmbH",
          "contractor_until": "2027-12-31", "languages": ["de", "en"],
          "short_description": "Freie Parkplätze in der Innenstadt finden.",
          "long_description": "Die App zeigt freie Parkplätze an. " * 6,
          "features": "Karte\nFreie Plätze in Echtzeit", "software_version": "1.2",
          "release_date": "2025-05-01", "action": "show"}  # fmt: skip


def test_editor_produces_a_valid_file(client):
    response = client.post(reverse("solutions:editor"), EDITOR)
    assert response.status_code == 200
    output = response.context["output"]
    result = validate(output)
    assert result.valid and result.results == [], result.results
    assert result.document["maintenance"]["contractors"][0]["name"] == "IT GmbH"
    download = client.post(reverse("solutions:editor"), EDITOR | {"action": "download"})
    assert download["Content-Disposition"].endswith('"publiccode.yml"')
    assert validate(download.content).valid


@pytest.mark.parametrize(("change", "field"), [
    ({"url": "http://example.org/x"}, "url"), ({"long_description": "zu kurz"}, "long_description"),
    ({"maintenance_type": "contract", "contractor_name": ""}, "contractor_name"),
    ({"categories": ["no-such-category"]}, "categories"), ({"features": "x" * 200}, "features"),
])  # fmt: skip
def test_editor_refuses_bad_input(client, change, field):
    response = client.post(reverse("solutions:editor"), EDITOR | change)
    assert response.status_code == 400 and field in response.context["form"].errors


def test_crawl_page_is_for_staff(client, town, three_repos):
    url = reverse("solutions:crawl_status")
    client.force_login(town.editor)
    assert client.get(url).status_code == 403
    client.force_login(town.staff)
    assert client.post(url, {"sources": ""}).status_code == 400
    response = client.post(url, {"sources": f"{three_repos.valid}\nfile:///etc"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "<progress" in page and "2/2" in page
    run_url = reverse("solutions:crawl_detail", args=[1])
    from stadtnetz.solutions.models import CrawlRun

    detail = client.get(reverse("solutions:crawl_detail", args=[CrawlRun.objects.get().pk]))
    assert "file:///etc" in detail.content.decode() and run_url
    assert Solution.objects.count() == 1
