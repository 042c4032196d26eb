"""Stored files: written under names nobody can guess, readable by this process's user only, and handed
out only by `serve_stored_file`, from a view that has fetched their record through its scoped selector.

* **Names** (`random_name`, `new_private_file`): 48 random hexadecimal digits (`secrets.token_hex(24)`,
  192 bits) and a suffix; never a job id, a primary key, a checksum or the name the user gave. The user's
  name stays in the database and is the download name.
* **Modes**: files 0600, folders 0700 (`FILE_MODE`, `DIR_MODE`; `FILE_UPLOAD_PERMISSIONS` and
  `FILE_UPLOAD_DIRECTORY_PERMISSIONS` say the same to Django's storage, which writes the evidence).
* **Serving** (`serve_stored_file`): nothing under MEDIA_ROOT has a URL of its own (no `static()` route,
  and the web server must not serve the folder). The response is a download (`Content-Disposition:
  attachment`, the readable name as an RFC 5987 UTF-8 `filename*`) unless the file is a PNG, JPEG or PDF,
  which is shown inline; either way under a sandboxing Content-Security-Policy, `nosniff` and
  `Cache-Control: private, no-store`. A missing file is a 404 that names no path.

The scope check is the calling view's: it fetches the job or the evidence through its selector (a 404
outside the user's scope) before it calls `serve_stored_file`.
"""

from __future__ import annotations

import mimetypes
import os
import re
import secrets
import unicodedata
from collections.abc import Collection
from pathlib import Path
from typing import IO

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

FILE_MODE = 0o600
DIR_MODE = 0o700

#: Shown in the browser (an <img>, a PDF in a frame); every other type is a download.
INLINE_TYPES: frozenset[str] = frozenset({"image/png", "image/jpeg", "application/pdf"})

#: The policy of every stored file served: no script, no plugin, no form, no request but its own images;
#: framed only by this site's pages (a PDF shown on the ledger).
SANDBOX_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"

_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def random_name(suffix: str = "") -> str:
    """A file name nobody can guess (192 random bits), ending in `suffix`."""
    return f"{secrets.token_hex(24)}{suffix}"


def private_dir(path: Path) -> Path:
    """`path`, made (mode 0700, and so are the missing folders above it) if missing, and closed to others
    if an older release left it open."""
    missing = []
    above = path
    while not above.exists() and above != above.parent:
        missing.append(above)
        above = above.parent
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(DIR_MODE)
    return path


def new_private_file(directory: Path, *, suffix: str = "") -> Path:
    """A new, empty file under a random name in `directory` (made 0700), mode 0600. Writers open it
    again (`"wb"` keeps the mode), so the file is never readable by others, not even while written."""
    private_dir(directory)
    while True:
        target = directory / random_name(suffix)
        try:
            descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except FileExistsError:  # pragma: no cover - 192 random bits
            continue
        os.close(descriptor)
        return target


def download_name(name: str, *, default: str = "download") -> str:
    """`name` as a download name: its last path component, without control or reserved characters."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_NAME.sub("_", name).strip(" .")
    return name[:200] or default


def set_download_headers(response: HttpResponseBase, *, filename: str, inline: bool = False) -> None:
    """The headers of every file the product hands out (stored or built for the request): the
    disposition with the readable `filename` (RFC 5987 when it is not ASCII), a sandboxing policy,
    `nosniff` and no caching."""
    disposition = content_disposition_header(not inline, download_name(filename))
    response["Content-Disposition"] = disposition or "attachment"
    response["Content-Security-Policy"] = SANDBOX_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"


def _open(stored: FieldFile | str | os.PathLike[str]) -> IO[bytes]:
    if isinstance(stored, FieldFile):
        if not stored.name:
            raise FileNotFoundError
        stored.open("rb")
        return stored.file
    if not os.fspath(stored):
        raise FileNotFoundError
    return open(stored, "rb")  # FileResponse closes it


def serve_stored_file(
    request: HttpRequest,  # noqa: ARG001  # the calling view's, which has checked the scope
    stored: FieldFile | str | os.PathLike[str] | None,
    *,
    filename: str,
    content_type: str = "",
    inline_types: Collection[str] = INLINE_TYPES,
) -> FileResponse:
    """The stored file (a `FileField`'s file or a path the product wrote) as a response named `filename`:
    inline if its type is one of `inline_types`, else a download. 404 when it is missing. The caller has
    already checked the user's scope."""
    try:
        handle = _open(stored) if stored else None
    except (OSError, ValueError):
        handle = None
    if handle is None:
        raise Http404(_("The file is no longer available."))
    content_type = (content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream").lower()
    inline = content_type.split(";")[0].strip() in inline_types
    response = FileResponse(handle, content_type=content_type)
    set_download_headers(response, filename=filename, inline=inline)
    return response
