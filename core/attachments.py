"""Documents kept as files in numbered versions: a session's papers, an oversight activity's
decision, plan, reports and minutes. One shape for all of them, so every one follows the same
rules: the type judged from the bytes (core.uploads.check_upload), files in private storage
reached only through a scoped download view, a new file is a new version and nothing is lost.

A concrete version model names its document `document` (a ForeignKey with
`related_name="versions"`) and says where its files go (`folder`); the document's app owns the
rights (councils.scoping) and calls `version_add` inside its own transaction, after its check.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel, Withdrawable
from core.uploads import check_upload, private_storage

if TYPE_CHECKING:
    from core.models import User


class Attachment(Withdrawable, TimeStampedModel):
    """A document whose file lives in versions; `current_version` is the latest number."""

    title = models.CharField(_("trích yếu"), max_length=500)
    reference = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    current_version = models.PositiveSmallIntegerField(_("phiên bản hiện hành"), default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title[:80]


def attachment_path(instance: AttachmentVersion, filename: str) -> str:
    """Stored under an id-based name; the user's file name is kept only as data."""
    ext = instance.content_type.rsplit("/", 1)[-1]
    ext = {"jpeg": "jpg", "pdf": "pdf", "png": "png"}.get(ext) or filename.rsplit(".", 1)[-1]
    return f"{instance.folder()}/v{instance.number}.{ext}"


class AttachmentVersion(models.Model):
    """One uploaded file of a document; replacing a document adds a version, nothing is lost."""

    number = models.PositiveSmallIntegerField(_("phiên bản"))
    file = models.FileField(_("tệp"), storage=private_storage, upload_to=attachment_path)
    original_name = models.CharField(_("tên tệp gốc"), max_length=200)
    content_type = models.CharField(_("kiểu tệp"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("người tải lên")
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    note = models.CharField(_("ghi chú thay đổi"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"v{self.number}"

    def folder(self) -> str:
        """The private folder of this document's files, e.g. "sessions/<session>/<document>"."""
        raise NotImplementedError


def version_add(
    *, actor: User, document: Attachment, file: UploadedFile, note: str = "", field: str = "file"
) -> AttachmentVersion:
    """Store `file` as the document's next version. The caller holds the transaction, has
    checked the actor's right and locked the document (two uploads never share a number)."""
    checked = check_upload(file, field=field)
    number = document.current_version + 1
    version = document.versions.model(
        document=document,
        number=number,
        original_name=checked.original_name,
        content_type=checked.kind.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
        note=note.strip(),
    )
    version.file.save(f"v{number}.{checked.kind.extension}", file, save=False)
    version.save()
    document.current_version = number
    document.save(update_fields=["current_version", "updated_at"])
    return version


def versions_split(documents: Iterable[Attachment]) -> None:
    """Give each document `current` (its current version or None) and `older` (the rest, newest
    first), from versions already prefetched newest first: no query."""
    for doc in documents:
        versions = list(doc.versions.all())
        doc.current = next((v for v in versions if v.number == doc.current_version), None)
        doc.older = [v for v in versions if v is not doc.current]


def documents_of_versions(versions: Iterable[AttachmentVersion]) -> list[Attachment]:
    """The documents of `versions` (read with their `document`, each document's newest first)
    in the order met, each with `current` and `older` as `versions_split` gives them: a page
    reads documents and versions in ONE query."""
    found: dict[int, Attachment] = {}
    for version in versions:
        doc = found.get(version.document_id)
        if doc is None:
            doc = found[version.document_id] = version.document
            doc.current, doc.older = None, []
        if version.number == doc.current_version:
            doc.current = version
        else:
            doc.older.append(version)
    return list(found.values())


def version_response(version: AttachmentVersion) -> FileResponse:
    """The stored file as a download under the name the user gave it; the caller fetched the
    version through its scoped selector (out of scope: 404)."""
    return FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=version.original_name,
        content_type=version.content_type,
    )
