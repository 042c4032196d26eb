"""What an evidence upload really is, checked by its structure before it is stored (the leading bytes alone
prove nothing: a file can start `%PDF` or with a JPEG header and continue as HTML).

* PDF: opened by pypdf; refused when it cannot be parsed, has no pages, cannot be opened without a password,
  or carries active content (JavaScript, launch/import/submit actions, embedded files, XFA forms), found by
  walking the objects where actions can be (catalog, names, outlines, forms, pages, annotations; inside
  compressed object streams too), at most `PDF_MAX_OBJECTS` of them.
* PNG and JPEG: decoded by Pillow (`verify`, then a full `load`, at most `PLANS_EVIDENCE_MAX_PIXELS` pixels,
  50 million by default) and re-encoded: what is stored is the re-encoded image (upright, with its colour
  profile), so data after the image (an appended HTML page), comments and metadata (EXIF, GPS) are dropped.
* OOXML (.docx, .xlsx): a zip package measured by `core.tabular.open_package` (size, part count, declared
  unpacked size) before it is opened, with `[Content_Types].xml`, `_rels/.rels` and the main part of its
  type, and no macros (no `vbaProject.bin`, no macro-enabled content type).

`check_evidence` raises `EvidenceRefused` with a sentence for the user; it never reads more than the upload
(whose size the service has checked against `evidence_max_bytes` first) and keeps a re-encoded image in
memory only up to that size (a temporary file beyond it).
"""

from __future__ import annotations

import hashlib
import tempfile
import warnings
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from counterpart.core.tabular import Limits, TabularFileError, open_package

#: Action types (`/S`) that run code, open other programs or send data out.
PDF_ACTIVE_ACTIONS = frozenset(
    {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/GoToE", "/Rendition"}
)
#: Keys that carry scripts, embedded files or interactive media.
PDF_ACTIVE_KEYS = frozenset({"/JS", "/JavaScript", "/EmbeddedFiles", "/EF", "/XFA", "/RichMedia"})
#: Keys not followed: back references, and what only draws (contents, resources, thumbnails, metadata).
PDF_PASSIVE_KEYS = frozenset(
    {"/Parent", "/P", "/Contents", "/Resources", "/Thumb", "/Metadata", "/StructTreeRoot", "/StructParents"}
)
#: Indirect objects parsed in one PDF at most (a 2,000-page report has about 2,000 outside its resources).
PDF_MAX_OBJECTS = 20_000

#: OOXML type → (main part, its content type without the `.main+xml` suffix).
OOXML_MAIN_PARTS = {
    "docx": ("word/document.xml", b"wordprocessingml.document"),
    "xlsx": ("xl/workbook.xml", b"spreadsheetml.sheet"),
    "pptx": ("ppt/presentation.xml", b"presentationml.presentation"),
}
#: The package's index of content types is small; a larger one is not a document anyone made.
CONTENT_TYPES_MAX_BYTES = 1 << 20

IMAGE_FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG"}


class EvidenceRefused(Exception):
    """The upload is not what its name says (a sentence for the user, beside the upload field)."""


@dataclass
class CheckedEvidence:
    """What to store: the content (the upload itself, or the re-encoded image), its size and SHA-256."""

    content: File[Any]
    size: int
    sha256: str

    def close(self) -> None:
        self.content.close()


def max_pixels() -> int:
    return int(getattr(settings, "PLANS_EVIDENCE_MAX_PIXELS", 50_000_000))


def check_evidence(upload: UploadedFile, *, ext: str, name: str, max_bytes: int) -> CheckedEvidence:
    """Check `upload` (extension `ext`, already within `max_bytes`) by its structure; return what to store."""
    upload.seek(0)
    try:
        if ext in IMAGE_FORMATS:
            image = _reencoded_image(upload, IMAGE_FORMATS[ext], name=name, max_bytes=max_bytes)
            return _digest(File(image, name=name))
        if ext == "pdf":
            _check_pdf(upload, name=name)
        elif ext in OOXML_MAIN_PARTS:
            _check_ooxml(upload, ext, name=name, max_bytes=max_bytes)
        else:
            raise ValueError(f"no structure check for .{ext}")  # EVIDENCE_TYPES and this module disagree
    finally:
        upload.seek(0)
    return _digest(upload)


def _digest(content: File[Any]) -> CheckedEvidence:
    digest = hashlib.sha256()
    size = 0
    content.seek(0)
    for chunk in content.chunks():
        digest.update(chunk)
        size += len(chunk)
    content.seek(0)
    return CheckedEvidence(content=content, size=size, sha256=digest.hexdigest())


# --- PDF ---------------------------------------------------------------------------------------------------


def _check_pdf(stream: IO[bytes], *, name: str) -> None:
    from pypdf import PasswordType, PdfReader

    try:
        reader = PdfReader(stream, strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise EvidenceRefused(
                _("“%(name)s” is protected by a password; upload it without the password.") % {"name": name}
            )
        pages, active = _walk_pdf(reader.trailer, name=name)
    except EvidenceRefused:
        raise
    except Exception as exc:  # a parser of untrusted bytes fails in many ways: each one means "not a PDF"
        raise EvidenceRefused(
            _("“%(name)s” cannot be opened as a PDF; it is damaged or not a PDF.") % {"name": name}
        ) from exc
    if active:
        raise EvidenceRefused(
            _(
                "“%(name)s” contains scripts, embedded files or actions that start programs; "
                "print it to a new PDF and upload that."
            )
            % {"name": name}
        )
    if pages == 0:
        raise EvidenceRefused(_("“%(name)s” is a PDF without pages.") % {"name": name})


def _walk_pdf(trailer: Any, *, name: str) -> tuple[int, bool]:
    """(pages, active): the pages of the page tree, and whether any dictionary reachable from the trailer is
    an active action or carries active content. Where actions can be (catalog, names, outlines, forms, pages,
    annotations) is walked; page contents and resources are not (no action runs from there), and no stream
    is decoded. At most `PDF_MAX_OBJECTS` objects are parsed (pypdf parses about 2,000 a second)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    stack: list[Any] = [trailer]
    seen: set[tuple[int, int]] = set()
    pages = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > PDF_MAX_OBJECTS:
                raise EvidenceRefused(
                    _("“%(name)s” has too many parts to be checked; save it as a smaller PDF.")
                    % {"name": name}
                )
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            action = obj.get("/S")
            if isinstance(action, IndirectObject):
                action = action.get_object()
            kind = obj.get("/Type")
            if action in PDF_ACTIVE_ACTIONS or kind == "/EmbeddedFile":
                return pages, True
            pages += kind == "/Page"
            for key_name, value in dict.items(obj):  # the raw values: references are followed above
                if key_name in PDF_ACTIVE_KEYS:
                    return pages, True
                if key_name not in PDF_PASSIVE_KEYS:
                    stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(list.__iter__(obj))
    return pages, False


# --- images ------------------------------------------------------------------------------------------------


def _reencoded_image(stream: IO[bytes], fmt: str, *, name: str, max_bytes: int) -> IO[bytes]:
    from PIL import ExifTags, Image, ImageOps

    limit = max_pixels()
    too_large = EvidenceRefused(
        _("“%(name)s” has more than %(max)s million pixels; make the picture smaller and upload it again.")
        % {"name": name, "max": f"{limit / 1e6:g}"}
    )
    out = tempfile.SpooledTemporaryFile(max_size=max_bytes)  # noqa: SIM115  # returned to the caller
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(stream, formats=[fmt]) as probe:  # reads the header only
                width, height = probe.size
                if width * height > limit:
                    raise too_large
                probe.verify()
            stream.seek(0)
            with Image.open(stream, formats=[fmt]) as image:
                image.load()
                icc = image.info.get("icc_profile")
                upright = image.getexif().get(ExifTags.Base.Orientation, 1) not in range(2, 9)
                if fmt == "JPEG" and upright:
                    # The same quantization and subsampling: as close to the upload as a re-encoding gets.
                    image.save(out, "JPEG", quality="keep", comment=b"", icc_profile=icc)
                else:
                    turned = image if upright else ImageOps.exif_transpose(image)
                    options = {"quality": 92} if fmt == "JPEG" else {}
                    turned.save(out, fmt, comment=b"", icc_profile=icc, **options)
    except EvidenceRefused:
        out.close()
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        out.close()
        raise too_large from exc
    except Exception as exc:  # Pillow signals a broken image by many exception types
        out.close()
        raise EvidenceRefused(
            _("“%(name)s” cannot be read as a %(ext)s image; it is damaged or not an image.")
            % {"name": name, "ext": "PNG" if fmt == "PNG" else "JPEG"}
        ) from exc
    out.seek(0)
    return out


# --- OOXML -------------------------------------------------------------------------------------------------


def _check_ooxml(stream: IO[bytes], ext: str, *, name: str, max_bytes: int) -> None:
    main_part, main_type = OOXML_MAIN_PARTS[ext]
    limits = Limits(file_bytes=max_bytes, unpacked_bytes=Limits.from_settings().unpacked_bytes)
    incomplete = _(
        "“%(name)s” is not a complete %(ext)s document; save it again from the program that made it."
    )
    try:
        with open_package(stream, limits) as package:
            parts = {info.filename: info for info in package.infolist()}
            if any(part.lower().rsplit("/", 1)[-1] == "vbaproject.bin" for part in parts):
                raise EvidenceRefused(_macros(name, ext))
            types = parts.get("[Content_Types].xml")
            if types is None or "_rels/.rels" not in parts or main_part not in parts:
                raise EvidenceRefused(incomplete % {"name": name, "ext": ext.upper()})
            if types.file_size > CONTENT_TYPES_MAX_BYTES:
                raise EvidenceRefused(incomplete % {"name": name, "ext": ext.upper()})
            content_types = package.read(types)
            if b"macroenabled" in content_types.lower() or b"vbaproject" in content_types.lower():
                raise EvidenceRefused(_macros(name, ext))
            if main_type not in content_types:
                raise EvidenceRefused(incomplete % {"name": name, "ext": ext.upper()})
            with package.open(parts[main_part]) as main:
                if not main.read(512).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
                    raise EvidenceRefused(incomplete % {"name": name, "ext": ext.upper()})
    except TabularFileError as exc:
        raise EvidenceRefused(_("“%(name)s”: %(reason)s") % {"name": name, "reason": exc}) from exc


def _macros(name: str, ext: str) -> str:
    return _("“%(name)s” contains macros; save it as a %(ext)s file without macros.") % {
        "name": name,
        "ext": ext.upper(),
    }
