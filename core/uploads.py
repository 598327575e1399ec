"""Uploaded files: the real type is read from the content, never trusted from the name.

Files are kept under PRIVATE_MEDIA_ROOT (outside the web root, never served by URL) and leave only
through views that check scope first.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import UploadedFile
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 25 * 1024 * 1024
# A DOCX/XLSX is a zip archive: judged by what it would unpack to, read from its directory alone.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_NAME_LENGTH = 200


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Storage with no base URL: a file is reachable only through a scoped download view."""

    def url(self, name):
        raise ValueError("Private files have no URL; use the download view.")


private_storage = PrivateStorage()


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    label: str


PDF = FileKind("pdf", "application/pdf", "PDF")
DOCX = FileKind(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"
)
XLSX = FileKind(
    "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"
)
PNG = FileKind("png", "image/png", "PNG")
JPEG = FileKind("jpg", "image/jpeg", "JPEG")
ALLOWED_EXTENSIONS = {"pdf", "docx", "xlsx", "png", "jpg", "jpeg"}


def sniff(head: bytes, file) -> FileKind | None:
    """What the bytes say the file is; Office files are zip archives with a known part."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            file.seek(0)
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        finally:
            file.seek(0)
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return DOCX
            if any(n.startswith("xl/") for n in names):
                return XLSX
    return None


def is_archive_bomb(file) -> bool:
    """True when the archive would unpack beyond MAX_UNPACKED_BYTES or MAX_COMPRESSION_RATIO.

    Only the central directory is read (no extraction): a 1 MB file that inflates to 1 GiB
    must be refused before anything stores, scans or serves it.
    """
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return True
    finally:
        file.seek(0)
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    return unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_COMPRESSION_RATIO * max(packed, 1)


def shortened_name(name: str, limit: int = MAX_NAME_LENGTH) -> str:
    """The name cut to `limit` characters, keeping its extension (the type check relies on it)."""
    if len(name) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) >= limit - 1:
        return name[:limit]
    return f"{stem[: limit - len(extension) - 1]}.{extension}"


@dataclass(frozen=True)
class CheckedFile:
    kind: FileKind
    size: int
    sha256: str
    original_name: str


def _refuse(field: str, message: str, code: str) -> ValidationError:
    """A field error that keeps its code (a plain dict of messages would drop it)."""
    return ValidationError({field: ValidationError(message, code=code)})


def check_upload(upload: UploadedFile, field: str = "file") -> CheckedFile:
    """Refuse empty, oversized, disallowed or disguised files (a renamed .exe is not a PDF)."""
    size = upload.size or 0
    if size == 0:
        raise _refuse(field, _("Tệp rỗng, không có nội dung."), "empty")
    if size > MAX_UPLOAD_BYTES:
        message = _("Tệp quá lớn (%(size)s MB); tối đa %(max)s MB.") % {
            "size": f"{size / 1048576:.1f}".replace(".", ","),
            "max": f"{MAX_UPLOAD_BYTES / 1048576:g}".replace(".", ","),
        }
        raise _refuse(field, message, "too_large")
    name = PurePath(upload.name or "").name
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    upload.seek(0)
    head = upload.read(16)
    kind = sniff(head, upload)
    if extension not in ALLOWED_EXTENSIONS or kind is None:
        message = _("Chỉ nhận tệp PDF, Word (.docx), Excel (.xlsx) hoặc ảnh PNG/JPEG.")
        raise _refuse(field, message, "file_type")
    if extension.replace("jpeg", "jpg") != kind.extension:
        message = _("Nội dung tệp là %(real)s nhưng tên tệp có đuôi .%(ext)s; tệp bị từ chối.") % {
            "real": kind.label,
            "ext": extension,
        }
        raise _refuse(field, message, "file_type_mismatch")
    if kind in (DOCX, XLSX) and is_archive_bomb(upload):
        message = _(
            "Tệp nén bất thường: khi giải nén vượt %(max)s MB hoặc tỷ lệ nén quá %(ratio)s:1; "
            "tệp bị từ chối."
        ) % {"max": MAX_UNPACKED_BYTES // 1048576, "ratio": MAX_COMPRESSION_RATIO}
        raise _refuse(field, message, "archive_too_large")
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(
        kind=kind, size=size, sha256=digest.hexdigest(), original_name=shortened_name(name)
    )
