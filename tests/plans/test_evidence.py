"""Issue 13 item 7: evidence is checked by its real structure (pypdf, Pillow, the OOXML package), not only by
its first bytes; images are stored re-encoded; whatever is refused is said beside the upload field."""

from __future__ import annotations

import hashlib
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from PIL import Image

from counterpart.plans import services
from counterpart.plans.models import EvidenceFile, LedgerEntry
from tests.conftest import login
from tests.plans import files
from tests.plans.conftest import Plans

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def attach(plans: Plans, name: str, content: bytes) -> LedgerEntry:
    return services.ledger_entry_submit(
        actor=plans.reporter_a,
        item=plans.item_a,
        year=2018,
        month=6,
        value=Decimal("40"),
        files=[SimpleUploadedFile(name, content)],
    )


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


LYING = [
    ("report.pdf", b"%PDF-1.7\n" + files.HTML, "cannot be opened as a PDF"),
    ("empty.pdf", files.pdf(pages=0), "without pages"),
    ("script.pdf", files.pdf_with_javascript(), "scripts"),
    ("launch.pdf", files.pdf_with_launch_action(), "scripts"),
    ("link.pdf", files.pdf_with_script_in_a_link(), "scripts"),
    ("locked.pdf", files.pdf_with_password("secret"), "password"),
    (
        "photo.jpg",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + files.HTML,
        "JPEG",
    ),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + files.HTML, "PNG"),
    ("cut.jpg", files.jpeg()[:300], "JPEG"),
    ("minutes.docx", files.zip_of({"index.html": files.HTML}), "not a complete DOCX"),
    ("minutes.docx", files.with_macros(files.docx_file()), "macros"),
    ("ledger.xlsx", files.docx_file(), "not a complete XLSX"),
]


@pytest.mark.parametrize(("name", "content", "reason"), LYING, ids=[f"{n}:{r}" for n, _c, r in LYING])
def test_evidence_that_lies_about_its_type_is_refused(
    plans: Plans, media: Path, name: str, content: bytes, reason: str
) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        attach(plans, name, content)
    messages = refused.value.message_dict["evidence"]
    assert any(reason in message and name in message for message in messages), messages
    assert not LedgerEntry.objects.exists()  # the whole report is refused, nothing half-written
    assert not EvidenceFile.objects.exists()
    assert stored_files(media) == []


ACCEPTED = [
    ("scan.pdf", files.pdf(pages=2), "application/pdf"),
    ("open.pdf", files.pdf_with_password(""), "application/pdf"),  # encrypted, opens without a password
    ("现场.png", files.png(), "image/png"),
    ("现场.jpg", files.jpeg(), "image/jpeg"),
    ("现场.jpeg", files.jpeg(), "image/jpeg"),
    (
        "纪要.docx",
        files.docx_file(),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("台账.xlsx", files.xlsx_file(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
]


@pytest.mark.parametrize(("name", "content", "content_type"), ACCEPTED, ids=[n for n, _c, _t in ACCEPTED])
def test_real_files_of_every_accepted_type_are_stored(
    plans: Plans, name: str, content: bytes, content_type: str
) -> None:
    entry = attach(plans, name, content)
    evidence = entry.evidence.get()  # type: ignore[attr-defined]
    stored = evidence.file.read()
    assert evidence.content_type == content_type
    assert (evidence.size, evidence.sha256) == (len(stored), hashlib.sha256(stored).hexdigest())
    # Stored under a random name (not the checksum the page shows, nor the user's name), for this user only.
    assert re.fullmatch(
        rf"plans/evidence/[0-9a-f]{{2}}/[0-9a-f]{{48}}\.{name.rsplit('.', 1)[1]}", evidence.file.name
    )
    assert evidence.sha256 not in evidence.file.name
    assert Path(evidence.file.path).stat().st_mode & 0o777 == 0o600
    assert Path(evidence.file.path).parent.stat().st_mode & 0o777 == 0o700
    if content_type.startswith("image/"):
        assert Image.open(io.BytesIO(stored)).size == Image.open(io.BytesIO(content)).size
    else:
        assert stored == content  # documents are kept byte for byte


@pytest.mark.parametrize(("name", "content"), [("a.jpg", files.jpeg()), ("a.png", files.png())])
def test_an_image_is_stored_re_encoded_without_what_follows_it(
    plans: Plans, name: str, content: bytes
) -> None:
    entry = attach(plans, name, content + files.HTML)
    stored = entry.evidence.get().file.read()  # type: ignore[attr-defined]
    assert b"<script" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        image.load()
        assert image.size == (40, 30)


def test_jpeg_comments_and_metadata_are_dropped_and_the_photo_is_turned_upright(plans: Plans) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # taken turned: shown rotated 90°
    exif[0x010F] = "<script>x</script>"  # Make
    content = files.image("JPEG", (60, 30), comment=b"<html>x</html>", exif=exif.tobytes())
    stored = attach(plans, "turned.jpg", content).evidence.get().file.read()  # type: ignore[attr-defined]
    assert b"<html>" not in stored
    assert b"<script>" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (30, 60)
        assert not image.getexif()


def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded(plans: Plans, settings: Any) -> None:
    settings.PLANS_EVIDENCE_MAX_PIXELS = 1000
    with translation.override("en"), pytest.raises(ValidationError, match=r"more than 0\.001 million pixels"):
        attach(plans, "big.png", files.png())  # 40 × 30 = 1,200 pixels


def test_a_pdf_with_more_objects_than_can_be_checked_is_refused(plans: Plans, monkeypatch: Any) -> None:
    monkeypatch.setattr("counterpart.plans.evidence.PDF_MAX_OBJECTS", 5)
    with translation.override("en"), pytest.raises(ValidationError, match="too many parts to be checked"):
        attach(plans, "long.pdf", files.pdf(pages=10))


def test_a_package_that_unpacks_beyond_the_limit_is_refused(plans: Plans, settings: Any) -> None:
    settings.TABULAR_MAX_UNPACKED_BYTES = 1000  # the limits helper of core/tabular.py
    with translation.override("en"), pytest.raises(ValidationError, match="unpacks to"):
        attach(plans, "纪要.docx", files.docx_file())


class _Unreadable(SimpleUploadedFile):
    def read(self, *args: Any, **kwargs: Any) -> bytes:
        raise AssertionError("read")

    def chunks(self, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError("read")


def test_an_upload_beyond_the_limit_is_refused_without_being_read(plans: Plans, settings: Any) -> None:
    settings.PLANS_EVIDENCE_MAX_BYTES = 1000
    upload = _Unreadable("big.pdf", files.pdf())
    upload.size = 5000
    with translation.override("en"), pytest.raises(ValidationError, match="larger than"):
        services.ledger_entry_submit(
            actor=plans.reporter_a, item=plans.item_a, year=2018, month=6, value=Decimal("1"), files=[upload]
        )


def test_the_refusal_is_shown_translated_beside_the_upload_field(plans: Plans) -> None:
    today = timezone.localdate()
    plans.item_a.deadline = today.replace(year=today.year + 1)
    plans.item_a.save()
    reporter = login(plans.reporter_a)
    response = reporter.post(
        reverse("plans:report", args=[plans.item_a.pk]),
        {
            "period": f"{today.year}-{today.month:02d}",
            "value": "30",
            "evidence": [SimpleUploadedFile("现场.pdf", b"%PDF-1.4\n" + files.HTML)],
        },
    )
    assert response.status_code == 400
    with translation.override("zh-hans"):
        expected = gettext("“%(name)s” cannot be opened as a PDF; it is damaged or not a PDF.") % {
            "name": "现场.pdf"
        }
    assert "cannot" not in expected  # translated, not the English source
    assert response.context["form"].errors["evidence"] == [expected]
    html = response.content.decode()
    field = html[html.index('id="field-evidence"') :]
    assert expected in field[: field.index("</div>")]  # beside the upload field, not only on top
    assert not LedgerEntry.objects.exists()
