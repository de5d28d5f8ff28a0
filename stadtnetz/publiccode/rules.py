# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Stage C: field rules — mandatory keys, enums, vocabularies, SPDX, BCP 47, dates, URLs,
e-mail, lengths in grapheme clusters, maintenance conditions."""

from __future__ import annotations

from typing import Any

from . import formats
from .context import Context
from .messages import oneof_choices
from .schema import (
    ALPHA_KEY_RE,
    DEVELOPMENT_STATUS,
    IT_EXTENSION_VERSIONS,
    MAINTENANCE_TYPES,
    SOFTWARE_TYPES,
)


def _desc_key(lang: str) -> str:
    return f"description.{lang}" if ALPHA_KEY_RE.match(lang) else f"description[{lang}]"


class FieldRules(Context):
    """Stage C on the decoded document."""

    def rules(self, doc: dict[str, Any]) -> None:
        if not doc.get("name"):
            self.error("name", "required")
        url = doc.get("url")
        if url is None:
            self.error("url", "required")
        elif not formats.is_url(url):
            self.error("url", "url")
        elif not formats.is_http_url(url):
            # javascript:, data:, file: … would become links in catalogs (issue 14 item 14)
            self.error("url", "http_url")
        self._http_url(doc, "landingURL", "landingURL")
        for i, value in enumerate(doc.get("isBasedOn") or ()):
            if not formats.is_url(value):
                self.error(f"isBasedOn[{i}]", "url")
            elif not formats.is_http_url(value):
                self.error(f"isBasedOn[{i}]", "http_url")
        if "releaseDate" in doc and not formats.is_date(doc["releaseDate"]):
            self.error("releaseDate", "date")
        if "organisation" in doc:
            self._organisation(doc["organisation"], "organisation")
        for field in ("inputTypes", "outputTypes"):
            for i, value in enumerate(doc.get(field) or ()):
                if not formats.is_mime(value):
                    self.error(f"{field}[{i}]", "mime")
        if not doc.get("platforms"):
            self.error("platforms", "gt0")
        categories = formats.vocabularies()["categories_set"]
        for i, value in enumerate(doc.get("categories") or ()):
            if value not in categories:
                self.error(f"categories[{i}]", "category")
        for i, organisation in enumerate(doc.get("fundedBy") or ()):
            self._organisation(organisation, f"fundedBy[{i}]")
        self._http_url(doc, "roadmap", "roadmap")
        self._enum(doc, "developmentStatus", "developmentStatus", DEVELOPMENT_STATUS)
        self._enum(doc, "softwareType", "softwareType", SOFTWARE_TYPES)
        for i, item in enumerate(doc.get("supports") or ()):
            value = item.get("id")
            if not value:
                self.error(f"supports[{i}].id", "required")
            else:
                problem = formats.supports_id_problem(value)
                if problem:
                    self.error(f"supports[{i}].id", problem)
        audience = doc.get("intendedAudience")
        if audience:
            scopes = formats.vocabularies()["scopes_set"]
            for i, value in enumerate(audience.get("scope") or ()):
                if value not in scopes:
                    self.error(f"intendedAudience.scope[{i}]", "scope")
            for field in ("countries", "unsupportedCountries"):
                for i, value in enumerate(audience.get(field) or ()):
                    if not formats.is_country(value):
                        self.error(f"intendedAudience.{field}[{i}]", "country")
        self._description(doc.get("description") or {})
        license_ = (doc.get("legal") or {}).get("license")
        if not license_:
            self.error("legal.license", "required")
        elif not formats.is_spdx_expression(license_):
            self.error("legal.license", "license")
        self._maintenance(doc.get("maintenance") or {})
        localisation = doc.get("localisation") or {}
        if "localisationReady" not in localisation:
            self.error("localisation.localisationReady", "required")
        languages = localisation.get("availableLanguages")
        if languages is None:
            self.error("localisation.availableLanguages", "required")
        elif not languages:
            self.error("localisation.availableLanguages", "gt0")
        else:
            for i, value in enumerate(languages):
                if not formats.is_bcp47(value):
                    self.error(f"localisation.availableLanguages[{i}]", "bcp47")
                    break
        depends = doc.get("dependsOn") or {}
        for field in ("open", "proprietary", "hardware"):
            for i, dependency in enumerate(depends.get(field) or ()):
                if not dependency.get("name"):
                    self.error(f"dependsOn.{field}[{i}].name", "required")
        for section in ("IT", "it"):
            it = doc.get(section)
            if it is None:
                continue
            version = it.get("countryExtensionVersion")
            if version is not None and version not in IT_EXTENSION_VERSIONS:
                self._oneof_error(f"{section}.countryExtensionVersion", IT_EXTENSION_VERSIONS)
            code = (it.get("riuso") or {}).get("codiceIPA")
            if code and code.lower() not in formats.ipa_codes():
                self.error(f"{section}.riuso.codiceIPA", "ipa_code")

    def _http_url(self, data: dict[str, Any], field: str, key: str) -> None:
        if field in data and not formats.is_http_url(data[field]):
            self.error(key, "http_url")

    def _oneof_error(self, key: str, choices: tuple[str, ...]) -> None:
        english, german = oneof_choices(list(choices))
        self.error(key, "oneof", choices=english, choices_de=german)

    def _enum(self, data: dict[str, Any], field: str, key: str, choices: tuple[str, ...]) -> None:
        value = data.get(field)
        if not value:
            self.error(key, "required")
        elif value not in choices:
            self._oneof_error(key, choices)

    def _organisation(self, organisation: dict[str, Any], prefix: str) -> None:
        uri = organisation.get("uri")
        if not uri:
            self.error(f"{prefix}.uri", "required")
            return
        problem = formats.organisation_uri_problem(uri)
        if problem:
            self.error(f"{prefix}.uri", problem)

    def _length(self, key: str, value: str, minimum: int, maximum: int) -> None:
        n = len(value)
        if n < minimum:  # graphemes never outnumber code points
            self.error(key, "min_len", n=minimum)
            return
        if n <= maximum and value.isascii() and "\r" not in value:
            return
        n = formats.grapheme_len(value)
        if n < minimum:
            self.error(key, "min_len", n=minimum)
        elif n > maximum:
            self.error(key, "max_len", n=maximum)

    def _description(self, description: dict[str, Any]) -> None:
        if not description:
            self.error("description", "gt0")
            return
        for lang in description:
            if not formats.is_bcp47(lang):
                self.error("description", "bcp47")
                return
        for lang, desc in description.items():
            prefix = _desc_key(lang)
            if "genericName" in desc:
                self._length(f"{prefix}.genericName", desc["genericName"], 0, 35)
            short = desc.get("shortDescription")
            if not short:
                self.error(f"{prefix}.shortDescription", "required")
            else:
                self._length(f"{prefix}.shortDescription", short, 0, 150)
            long_ = desc.get("longDescription")
            if not long_:
                self.error(f"{prefix}.longDescription", "required")
            else:
                self._length(f"{prefix}.longDescription", long_, 150, 10_000)
            self._http_url(desc, "documentation", f"{prefix}.documentation")
            self._http_url(desc, "apiDocumentation", f"{prefix}.apiDocumentation")
            if not desc.get("features"):
                self.error(f"{prefix}.features", "gt0")
            for i, video in enumerate(desc.get("videos") or ()):
                if video and not formats.is_http_url(video):
                    self.error(f"{prefix}.videos[{i}]", "http_url")

    def _maintenance(self, maintenance: dict[str, Any]) -> None:
        kind = maintenance.get("type")
        if not kind:
            self.error("maintenance.type", "required")
        elif kind not in MAINTENANCE_TYPES:
            self._oneof_error("maintenance.type", MAINTENANCE_TYPES)
        contractors = maintenance.get("contractors")
        if kind == "contract" and contractors is None:
            self.error("maintenance.contractors", "required_if", value="contract")
        elif kind != "contract" and contractors is not None:
            self.error("maintenance.contractors", "excluded_unless")
        else:
            for i, contractor in enumerate(contractors or ()):
                prefix = f"maintenance.contractors[{i}]"
                if not contractor.get("name"):
                    self.error(f"{prefix}.name", "required")
                email = contractor.get("email")
                if email and not formats.is_email(email):
                    self.error(f"{prefix}.email", "email")
                self._http_url(contractor, "website", f"{prefix}.website")
                until = contractor.get("until")
                if not until:
                    self.error(f"{prefix}.until", "required")
                elif not formats.is_date(until):
                    self.error(f"{prefix}.until", "date")
        contacts = maintenance.get("contacts")
        if kind in ("community", "internal") and contacts is None:
            self.error("maintenance.contacts", "required_if", value=kind)
        else:
            for i, contact in enumerate(contacts or ()):
                prefix = f"maintenance.contacts[{i}]"
                if not contact.get("name"):
                    self.error(f"{prefix}.name", "required")
                email = contact.get("email")
                if email and not formats.is_email(email):
                    self.error(f"{prefix}.email", "email")
