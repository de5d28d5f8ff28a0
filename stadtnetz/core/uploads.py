# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Uploaded files: the type is read from the content, Office files are checked for zip bombs,
and accepted files are stored under MEDIA_ROOT/private, never served by the web server.

Used by application attachments and by evidence documents of maturity assessments."""

from __future__ import annotations

import io
import struct
import uuid
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_MEMBERS = 2000
INFLATE_CHUNK = 1024 * 1024

KINDS = {
    "pdf": ("application/pdf", {".pdf"}),
    "png": ("image/png", {".png"}),
    "jpeg": ("image/jpeg", {".jpg", ".jpeg"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {".docx"}),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {".xlsx"}),
    "odt": ("application/vnd.oasis.opendocument.text", {".odt"}),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", {".ods"}),
}


class UploadRefused(Exception):
    pass


@dataclass(frozen=True)
class Sniffed:
    kind: str
    content_type: str


def max_bytes() -> int:
    return int(getattr(settings, "STADTNETZ_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def limit_mb() -> float:
    return round(max_bytes() / 1024 / 1024, 1)


def refuse_oversized(size: int) -> None:
    """Refuse a file over the limit before its bytes are read."""
    if size > max_bytes():
        raise UploadRefused(
            _("The file is larger than the limit of %(limit)s MB.") % {"limit": limit_mb()}
        )


def check_quota(existing, size: int, *, max_count: int, max_total: int) -> None:
    """Refuse one more file of ``size`` bytes when ``existing`` (a queryset of files with a
    ``size`` column, read under the owner's lock) already holds the count or the bytes allowed."""
    from django.db.models import Count, Sum

    current = existing.aggregate(count=Count("pk"), total=Sum("size"))
    if current["count"] >= max_count:
        raise UploadRefused(
            _("At most %(count)d files can be uploaded here. Remove one first.")
            % {"count": max_count}
        )
    if (current["total"] or 0) + size > max_total:
        raise UploadRefused(
            _("Together the files here may hold at most %(limit)s MB. Remove one first.")
            % {"limit": round(max_total / 1024 / 1024, 1)}
        )


def clean_name(name: str | None, default: str) -> str:
    """The last part of a file name as the browser sent it (no folders), at most 200 characters."""
    return Path((name or "").replace("\\", "/")).name.strip()[:200] or default


def private_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "private"


@contextmanager
def stored_privately(folder: str, data: bytes) -> Iterator[str]:
    """Write the bytes to a new file under ``private_root()/folder`` and give its relative path;
    if the block that records the file fails, the file is removed again."""
    relative = f"{folder}/{uuid.uuid4().hex}"
    target = private_root() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    try:
        yield relative
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def _bomb(total: int, packed: int) -> UploadRefused:
    return UploadRefused(
        _("The file would unpack to %(size)s MB (ratio %(ratio)s:1); this looks like a zip bomb.")
        % {"size": total // (1024 * 1024), "ratio": total // max(packed, 1)}
    )


def _inflate_all(data: bytes, infos: list[zipfile.ZipInfo]) -> None:
    """Inflate every member from its raw bytes, counting what really comes out.

    The sizes in the central directory are whatever the uploader wrote there, so they are only
    a first filter. Here each member is decompressed in chunks against one byte budget for the
    whole archive (at most MAX_UNCOMPRESSED, at most MAX_RATIO times the upload); the archive is
    refused as soon as the budget is spent, and when a member's real size differs from the
    declared one. Nothing is kept: the bytes are counted and dropped.
    """
    budget = min(MAX_UNCOMPRESSED, MAX_RATIO * len(data))
    total = 0
    for info in infos:
        start = info.header_offset
        header = data[start : start + 30]
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            raise UploadRefused(_("The file is a damaged archive."))
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        offset = start + 30 + name_length + extra_length
        raw = data[offset : offset + info.compress_size]
        if info.compress_type == zipfile.ZIP_STORED:
            produced = len(raw)
            total += produced
            if total > budget:
                raise _bomb(total, len(data))
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            produced = 0
            pending = raw
            try:
                while pending and not inflater.eof:
                    chunk = inflater.decompress(pending, INFLATE_CHUNK)
                    pending = inflater.unconsumed_tail
                    produced += len(chunk)
                    total += len(chunk)
                    if total > budget:
                        raise _bomb(total, len(data))
                    if not chunk and not pending:
                        break
            except zlib.error as error:
                raise UploadRefused(_("The file is a damaged archive.")) from error
        else:
            raise UploadRefused(_("The file is a damaged archive."))
        if produced != info.file_size:
            raise UploadRefused(
                _("The archive's directory does not match its contents (damaged or crafted).")
            )


def _office_kind(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise UploadRefused(_("The file is a damaged archive.")) from error
    if len(infos) > MAX_MEMBERS:
        raise UploadRefused(_("The archive holds too many files (possible zip bomb)."))
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if total > MAX_UNCOMPRESSED or total / packed > MAX_RATIO:
        raise _bomb(total, packed)
    _inflate_all(data, infos)
    names = {info.filename for info in infos}
    if "mimetype" in names:
        with archive.open("mimetype") as handle:
            mimetype = handle.read(100).decode("ascii", "replace").strip()
        if mimetype == KINDS["odt"][0]:
            return "odt"
        if mimetype == KINDS["ods"][0]:
            return "ods"
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    raise UploadRefused(_("The archive is not a DOCX, XLSX, ODT or ODS document."))


def sniff(name: str, data: bytes) -> Sniffed:
    """Decide the type from the bytes; refuse empty, oversized, unknown or mismatching files."""
    if not data:
        raise UploadRefused(_("The file is empty (0 bytes)."))
    refuse_oversized(len(data))
    if data.startswith(b"%PDF-"):
        kind = "pdf"
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "png"
    elif data.startswith(b"\xff\xd8\xff"):
        kind = "jpeg"
    elif data.startswith(b"PK\x03\x04"):
        kind = _office_kind(data)
    else:
        raise UploadRefused(
            _("This file type is not accepted. Allowed: PDF, DOCX, XLSX, ODT, ODS, PNG, JPEG.")
        )
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    content_type, suffixes = KINDS[kind]
    if suffix not in suffixes:
        raise UploadRefused(
            _("The content is %(kind)s, but the file name ends in “%(suffix)s”.")
            % {"kind": kind.upper(), "suffix": suffix or "–"}
        )
    return Sniffed(kind=kind, content_type=content_type)
