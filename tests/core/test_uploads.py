"""Uploads are judged by their bytes, kept outside the web root, and versioned on replace."""

import io
import os
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


def zip_upload(name: str, part: str, members: dict[str, bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{part}/document.xml", "<w:document/>")
        for member, body in members.items():
            archive.writestr(member, body)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.mark.parametrize(("name", "part"), [("du-thao.docx", "word"), ("bieu-mau.xlsx", "xl")])
def test_an_archive_that_unpacks_past_the_ratio_is_refused(name, part):
    """A zip bomb: a few kilobytes that inflate to megabytes (ratio far above 100:1)."""
    upload = zip_upload(name, part, {f"{part}/media/zeros.bin": b"\x00" * (8 * 1024 * 1024)})
    assert upload.size < 100 * 1024
    with pytest.raises(ValidationError) as exc:
        uploads.check_upload(upload)
    assert exc.value.error_dict["file"][0].code == "archive_too_large"


def test_an_archive_that_unpacks_past_the_size_limit_is_refused(monkeypatch):
    """Incompressible content over the unpacked limit is refused by size alone."""
    monkeypatch.setattr(uploads, "MAX_UNPACKED_BYTES", 64 * 1024)
    upload = zip_upload("du-thao.docx", "word", {"word/media/a.bin": os.urandom(80 * 1024)})
    with pytest.raises(ValidationError) as exc:
        uploads.check_upload(upload)
    assert exc.value.error_dict["file"][0].code == "archive_too_large"


def test_an_ordinary_office_file_passes_the_archive_check():
    upload = zip_upload("du-thao.docx", "word", {"word/media/a.txt": b"Nghi quyet " * 500})
    assert uploads.check_upload(upload).kind == uploads.DOCX


def test_a_long_name_is_shortened_keeping_its_extension():
    """A 300-character name is cut to 200 characters and still ends in .pdf."""
    checked = uploads.check_upload(pdf_upload(name="a" * 296 + ".pdf"))
    assert len(checked.original_name) == 200
    assert checked.original_name.endswith(".pdf")


@pytest.mark.parametrize(("path", "json"), [("/accounts/login/", False), ("/api/token/", True)])
def test_an_oversized_body_is_refused_before_it_is_read(client, path, json):
    """413 from the Content-Length alone: the (absent) body is never read."""
    response = client.generic(
        "POST",
        path,
        b"",
        CONTENT_TYPE="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(190 * 1024 * 1024),
    )
    assert response.status_code == 413
    if json:
        assert "detail" in response.json()
    else:
        assert response.templates[0].name == "413.html"
