# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Stage D: extra checks — deprecations, lowercase country codes, the ``it``/``IT`` section,
logo, screenshots and authorsFile relative to ``base_path``, oEmbed video URLs; with
``network=True`` also URL reachability and remote files."""

from __future__ import annotations

import os
from typing import Any

from . import files, formats, network
from .context import Context


class ExtraChecks(Context):
    """Stage D on the decoded document; local files need ``base_path``, remote ones ``network``."""

    def extra_checks(self, doc: dict[str, Any]) -> None:
        if self.network:
            self._network_urls(doc)
        logo = doc.get("logo")
        if logo:
            self._logo("logo", logo)
        mono = doc.get("monochromeLogo")
        if mono:
            self.warning("monochromeLogo", "deprecated_logo")
            self._logo("monochromeLogo", mono)
        audience = doc.get("intendedAudience") or {}
        for field in ("countries", "unsupportedCountries"):
            for i, value in enumerate(audience.get(field) or ()):
                if formats.is_country(value) and value.islower():
                    self.warning(
                        f"intendedAudience.{field}[{i}]", "lowercase_country", upper=value.upper()
                    )
        legal = doc.get("legal") or {}
        if "authorsFile" in legal:
            self.warning("legal.authorsFile", "deprecated_drop")
            self._local_file("legal.authorsFile", legal["authorsFile"], files.authors_file_problem)
        if "repoOwner" in legal:
            self.warning("legal.repoOwner", "deprecated_repo_owner")
        for field in ("inputTypes", "outputTypes"):
            if field in doc:
                self.warning(field, "deprecated_drop")
        for lang, desc in (doc.get("description") or {}).items():
            prefix = f"description.{lang}"
            if desc.get("genericName"):
                self.warning(f"{prefix}.genericName", "deprecated_drop")
            if self.network:
                for field in ("documentation", "apiDocumentation"):
                    if field in desc:
                        self._reachable(f"{prefix}.{field}", desc[field])
            for i, shot in enumerate(desc.get("screenshots") or ()):
                self._screenshot(f"{prefix}.screenshots[{i}]", shot)
            for i, video in enumerate(desc.get("videos") or ()):
                if video and not formats.is_oembed_video(video):
                    self.error(f"{prefix}.videos[{i}]", "video_oembed", value=video)
        it = doc.get("IT")
        if "it" in doc:
            self.warning("it", "lowercase_it")
            if it is None:
                it = doc["it"]
            else:
                self.error("it", "it_duplicated")
        if it is not None:
            if "conforme" in it:
                self.warning("IT.conforme", "deprecated_drop")
            code = (it.get("riuso") or {}).get("codiceIPA")
            if code and code.lower() in formats.ipa_codes():
                self.warning("IT.riuso.codiceIPA", "deprecated_codice_ipa", code=code)

    def _logo(self, key: str, value: str) -> None:
        problem = files.path_problem(value)
        if problem:
            self.error(key, problem.code, **problem.params)
            return
        if files.is_absolute_url(value):
            if not formats.is_http_url(value):
                self.error(key, "http_url")
                return
            if self.network:
                self._remote_image(key, value, files.logo_problem, logo=True)
            return
        if self.base_path is not None:
            problem = files.logo_problem(value, self.base_path)
            if problem:
                self.error(key, problem.code, **problem.params)

    def _screenshot(self, key: str, value: str) -> None:
        problem = files.path_problem(value)
        if problem:
            self.error(key, problem.code, **problem.params)
            return
        if files.is_absolute_url(value):
            if not formats.is_http_url(value):
                self.error(key, "http_url")
                return
            if self.network:
                self._remote_image(key, value, files.screenshot_problem, logo=False)
            return
        if self.base_path is not None:
            problem = files.screenshot_problem(value, self.base_path)
            if problem:
                self.error(key, problem.code, **problem.params)

    def _local_file(self, key: str, value: str, check) -> None:
        problem = files.path_problem(value)
        if problem:
            self.error(key, problem.code, **problem.params)
            return
        if files.is_absolute_url(value):
            if not formats.is_http_url(value):
                self.error(key, "http_url")
                return
            if self.network:
                self._reachable(key, value)
            return
        if self.base_path is not None:
            problem = check(value, self.base_path)
            if problem:
                self.error(key, problem.code, **problem.params)

    # -- network (only with network=True) -------------------------------------------------

    def _network_urls(self, doc: dict[str, Any]) -> None:
        url = doc.get("url")
        if url is not None:
            self._reachable("url", url)
            if not network.is_code_repository(url, timeout=self.timeout):
                self.error("url", "not_repository")
        for field in ("landingURL", "roadmap"):
            if field in doc:
                self._reachable(field, doc[field])

    def _reachable(self, key: str, url: str) -> None:
        reason = network.reachable_problem(url, timeout=self.timeout)
        if reason:
            self.error(key, "not_reachable", value=url, reason=reason)

    def _remote_image(self, key: str, url: str, local_check, *, logo: bool) -> None:
        import tempfile

        extension = files.extension(url.split("?", 1)[0].split("#", 1)[0])
        allowed = (".svg", ".svgz", ".png") if logo else (".jpg", ".png")
        if extension not in allowed:
            if logo:
                self.error(key, "bad_extension", path=url)
            else:
                reason = f"invalid file extension for: {url}"
                self.error(key, "not_an_image", value=url, reason=reason)
            return
        try:
            body = network.fetch(url, timeout=self.timeout)
        except network.NetworkError as exc:
            if logo:
                self.error(key, "remote_failed", reason=str(exc))
            else:
                self.error(key, "not_an_image", value=url, reason=str(exc))
            return
        with tempfile.TemporaryDirectory() as tmp:
            name = "remote" + extension
            with open(os.path.join(tmp, name), "wb") as fh:
                fh.write(body)
            problem = local_check(name, tmp)
        if problem:
            self.error(key, problem.code, **problem.params)
