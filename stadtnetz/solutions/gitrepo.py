# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The git side of the crawler: the git command line with locked-down options.

Every call runs ``git`` with: no terminal prompts, no system or global configuration, all
transports forbidden except https (and ``file`` only for sources inside a configured local
root), no hooks, no symlinks checked out, no submodules; with a timeout after which the whole
process group is killed. Clones are shallow: depth 1, then the history of the activity window
is fetched with ``--shallow-since``; a clone larger than the size cap is refused.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from . import netguard
from .sources import Source

PUBLICCODE_NAMES = ("publiccode.yml", "publiccode.yaml")
WINDOW_DAYS = 730  # history fetched: two years (longevity needs ≥ 730 days)
ACTIVITY_DAYS = 365
MAX_LOG_LINES = 20_000
REUSE_MAX_FILES = 5_000


class GitError(Exception):
    pass


@dataclass
class Signals:
    head: str = ""
    last_commit_at: datetime | None = None
    first_commit_seen_at: datetime | None = None
    history_truncated: bool = False
    commits_12m: int = 0
    authors_12m: int = 0
    tag_count: int = 0
    has_license_file: bool = False
    has_readme: bool = False
    has_contributing: bool = False
    has_security: bool = False
    reuse_compliant: bool | None = None
    notes: list[str] = field(default_factory=list)


def _env(home: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LC_ALL": "C",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_ASKPASS": "/bin/false",
        "SSH_ASKPASS": "/bin/false",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_PROTOCOL_FROM_USER": "0",
    }


def git(args: list[str], *, source: Source, home: Path, timeout: float, cwd: Path | None = None
        ) -> str:  # fmt: skip
    options = ["-c", "protocol.allow=never", "-c", "protocol.https.allow=always",
               "-c", "core.symlinks=false", "-c", f"core.hooksPath={os.devnull}",
               "-c", "submodule.recurse=false", "-c", "credential.helper=",
               "-c", "http.followRedirects=false"]  # fmt: skip
    if source.local:
        options += ["-c", "protocol.file.allow=always"]
    else:
        # public addresses only, and git pinned to the addresses checked (issue 14 item 15)
        parts = urlsplit(source.url)
        port = parts.port or 443
        try:
            addresses = netguard.public_addresses(parts.hostname or "", port)
        except (netguard.RefusedHost, netguard.LookupFailed) as error:
            raise GitError(str(error)) from None
        options += ["-c", "http.curloptResolve="
                    + netguard.curl_resolve(parts.hostname or "", port, addresses)]  # fmt: skip
    command = ["git", *options, *args]
    process = subprocess.Popen(  # noqa: S603 - fixed executable, arguments built above
        command, cwd=cwd, env=_env(home), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise GitError(f"git {args[0]} timed out after {int(timeout)} s") from None
    if process.returncode != 0:
        message = err.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: " + (message[-1] if message else "unknown error"))
    return out.decode("utf-8", "replace")


def remote_refs(source: Source, *, home: Path, timeout: float) -> tuple[str, int]:
    """HEAD commit and number of tags, without cloning."""
    out = git(["ls-remote", "--", source.url, "HEAD", "refs/tags/*"], source=source, home=home,
              timeout=timeout)  # fmt: skip
    head, tags = "", set()
    for line in out.splitlines()[:100_000]:
        sha, _, ref = line.partition("\t")
        if ref == "HEAD":
            head = sha
        elif ref.startswith("refs/tags/"):
            tags.add(ref.removesuffix("^{}"))
    return head, len(tags)


def directory_size(path: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                continue
    return total


def clone(source: Source, dest: Path, *, home: Path, timeout: float, max_bytes: int,
          now: datetime) -> list[str]:  # fmt: skip
    """Shallow clone, then deepen to the activity window. Returns notes for the log."""
    notes: list[str] = []
    if dest.exists():
        shutil.rmtree(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    args = ["clone", "--depth", "1", "--single-branch", "--no-tags", "--template=", "--quiet"]
    if source.local:
        args.append("--no-local")
        url = Path(source.url).as_uri()  # shallow clones of local repositories need file://
    else:
        url = source.url
    git([*args, "--", url, str(dest)], source=source, home=home, timeout=timeout)
    if directory_size(dest) > max_bytes:
        shutil.rmtree(dest, ignore_errors=True)
        raise GitError(f"repository larger than the size cap of {max_bytes // 1_000_000} MB")
    since = (now - timedelta(days=WINDOW_DAYS)).strftime("%Y-%m-%d")
    try:
        git(["fetch", "--quiet", "--no-tags", f"--shallow-since={since}", "origin"],
            source=source, home=home, timeout=timeout, cwd=dest)  # fmt: skip
    except GitError as error:
        notes.append(f"history not deepened ({error})")
    if directory_size(dest) > max_bytes:
        shutil.rmtree(dest, ignore_errors=True)
        raise GitError(f"repository larger than the size cap of {max_bytes // 1_000_000} MB")
    return notes


def _exists(root: Path, names: tuple[str, ...], dirs: tuple[str, ...] = ("",)) -> bool:
    for folder in dirs:
        base = root / folder if folder else root
        try:
            entries = os.listdir(base)
        except OSError:
            continue
        for entry in entries:
            upper = entry.upper()
            if any(upper == n or upper.startswith(n + ".") for n in names):
                return True
    return False


def read_publiccode(root: Path, max_bytes: int) -> tuple[str, bytes] | None:
    for name in PUBLICCODE_NAMES:
        path = root / name
        try:
            info = os.lstat(path)
        except OSError:
            continue
        import stat

        if not stat.S_ISREG(info.st_mode):
            continue
        with open(path, "rb") as fh:
            return name, fh.read(max_bytes + 1)
    return None


def reuse_lint(root: Path) -> bool | None:
    """REUSE compliance with the ``reuse`` library; None when the check cannot run."""
    count = 0
    for _root, _dirs, files in os.walk(root):
        count += len(files)
        if count > REUSE_MAX_FILES:
            return None
    try:
        from reuse.project import Project
        from reuse.report import ProjectReport

        project = Project.from_directory(root)
        report = ProjectReport.generate(project, do_checksum=False, multiprocessing=False)
        return bool(report.is_compliant)
    except Exception:  # noqa: BLE001 - a third-party check must not stop the crawl
        return None


def signals(source: Source, dest: Path, *, home: Path, timeout: float, now: datetime,
            tag_count: int) -> Signals:  # fmt: skip
    result = Signals(tag_count=tag_count)
    out = git(["log", "--format=%H%x09%ct%x09%ae", f"--max-count={MAX_LOG_LINES}"],
              source=source, home=home, timeout=timeout, cwd=dest)  # fmt: skip
    cutoff = (now - timedelta(days=ACTIVITY_DAYS)).timestamp()
    authors: set[str] = set()
    stamps: list[int] = []
    for index, line in enumerate(out.splitlines()):
        sha, stamp, email = (line.split("\t") + ["", "", ""])[:3]
        if index == 0:
            result.head = sha
        try:
            value = int(stamp)
        except ValueError:
            continue
        stamps.append(value)
        if value >= cutoff:
            result.commits_12m += 1
            authors.add(email.strip().lower())
    result.authors_12m = len(authors)
    if stamps:
        result.last_commit_at = datetime.fromtimestamp(max(stamps), tz=UTC)
        result.first_commit_seen_at = datetime.fromtimestamp(min(stamps), tz=UTC)
    shallow = dest / ".git" / "shallow"
    result.history_truncated = shallow.exists() and shallow.stat().st_size > 0
    result.has_license_file = _exists(dest, ("LICENSE", "LICENCE", "COPYING", "LICENSES"))
    result.has_readme = _exists(dest, ("README",))
    result.has_contributing = _exists(dest, ("CONTRIBUTING",), ("", ".github", "docs"))
    result.has_security = _exists(dest, ("SECURITY",), ("", ".github", "docs"))
    result.reuse_compliant = reuse_lint(dest)
    return result
