"""Uploads are judged by their bytes, kept outside the web root, and versioned on replace."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core import uploads
from sessions import services
from sessions.models import Document, DocumentVersion
from tests.factories import DocumentFactory, SessionFactory, pdf_upload, system_actor


def office_file(name: str, part: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{part}/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


@pytest.mark.parametrize(
    ("upload", "kind"),
    [
        (pdf_upload(), uploads.PDF),
        (office_file("du-thao.docx", "word"), uploads.DOCX),
        (office_file("bieu-mau.xlsx", "xl"), uploads.XLSX),
        (SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20), uploads.PNG),
        (SimpleUploadedFile("anh.JPEG", b"\xff\xd8\xff\xe0" + b"\x00" * 20), uploads.JPEG),
    ],
)
def test_allowed_types_are_recognised_by_content(upload, kind):
    assert uploads.check_upload(upload).kind == kind


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("to-trinh.pdf", EXE), "file_type"),  # a renamed .exe
        (SimpleUploadedFile("setup.exe", EXE), "file_type"),
        (SimpleUploadedFile("to-trinh.pdf", b""), "empty"),
        (office_file("bao-cao.docx", "xl"), "file_type_mismatch"),  # a spreadsheet named .docx
        (SimpleUploadedFile("bao-cao.docx", b"PK\x03\x04 not a zip"), "file_type"),
        (SimpleUploadedFile("van-ban.pdf.png", b"%PDF-1.4\n"), "file_type_mismatch"),
    ],
)
def test_disguised_or_empty_files_are_refused(upload, code):
    with pytest.raises(ValidationError) as exc:
        uploads.check_upload(upload)
    assert exc.value.error_dict["file"][0].code == code


def test_files_over_the_limit_are_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 100)
    with pytest.raises(ValidationError) as exc:
        uploads.check_upload(pdf_upload(body=b"x" * 200))
    assert exc.value.error_dict["file"][0].code == "too_large"


def test_a_refused_upload_writes_nothing(tree, term):
    session = SessionFactory(council=tree.council("district"), term=term)
    with pytest.raises(ValidationError):
        DocumentFactory(session=session, file=SimpleUploadedFile("to-trinh.pdf", EXE))
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()


def test_replacing_keeps_every_version_in_private_storage(tree, term):
    session = SessionFactory(council=tree.council("district"), term=term)
    document = DocumentFactory(session=session, file=pdf_upload("v1.pdf", b"first"))
    services.document_replace(
        actor=system_actor(), document=document, file=pdf_upload("v2.pdf", b"second"), note="Sửa"
    )
    document.refresh_from_db()
    assert document.current_version == 2
    versions = list(document.versions.order_by("number"))
    assert [v.original_name for v in versions] == ["v1.pdf", "v2.pdf"]
    root = Path(settings.MEDIA_ROOT).resolve()
    static_root = Path(settings.STATIC_ROOT).resolve()
    for version in versions:
        path = Path(version.file.path).resolve()
        assert path.is_relative_to(root)
        assert not path.is_relative_to(static_root)
        assert path.read_bytes().startswith(b"%PDF-")
    assert versions[0].file.read() != versions[1].file.read()
    with pytest.raises(ValueError, match="no URL"):
        versions[0].file.url  # noqa: B018  (private files have no URL)
