"""`counterpart backup DIR` and `counterpart restore DIR`: the database, the stored files and a manifest.

A backup folder (0700, files 0600) holds:

* `database.sqlite3` (SQLite, copied with the online backup API, `sqlite3.Connection.backup`: consistent
  while the site writes) or `database.pgdump` (PostgreSQL, `pg_dump -Fc` from a snapshot exported by a
  read-only repeatable-read transaction, which also counts the rows, so counts and dump agree);
* `files/media/…`: everything under MEDIA_ROOT but the job folders and any key file; `files/<job model>/…`:
  the files jobs keep with their records (`BackgroundJob.result_fields`: error reports, exported
  workbooks), never an upload waiting for its job (a registry upload holds ID numbers in clear) nor a
  progress file;
* `manifest.json`, written last (a folder without it is an unfinished backup): format version, date,
  database engine and client/server versions, rows per table, size and SHA-256 of every file.

Not in a backup: SECRET_KEY and the ID-number keys (HOUSEHOLD_ID_KEY, HOUSEHOLD_ID_KEYS,
HOUSEHOLD_ID_HASH_KEY or their files under var/); keep them apart (`KEY_REMINDER`).

`restore` checks every checksum first, refuses a database with tables or file folders with files unless
`force`, restores, then compares the rows per table with the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from counterpart.core.files import FILE_MODE, private_dir
from counterpart.core.jobs import files_dir, job_models, resolve_stored, stored_name

FORMAT = "counterpart-backup"
VERSION = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
FILES = "files"
MEDIA = "media"
CHUNK = 1 << 20
#: Names never copied from MEDIA_ROOT, wherever they are (a key file put there by mistake).
KEY_FILES = frozenset({"secret.key", "household_id.key", "household_id.keys", "household_id_hash.key"})

KEY_REMINDER = (
    "NOT in this backup: SECRET_KEY and the ID-number keys (HOUSEHOLD_ID_KEY, HOUSEHOLD_ID_KEYS, "
    "HOUSEHOLD_ID_HASH_KEY, or var/secret.key, var/household_id.key, var/household_id.keys, "
    "var/household_id_hash.key). Keep a copy of them apart from the backups: without the ID keys the "
    "stored ID numbers cannot be read; with a backup they expose them."
)

#: `say(line)`: a line for the operator; `progress(done, total, stage)` as in `core.jobs`.
Say = Callable[[str], None]
Progress = Callable[[int, int, str], None]


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why (no path of a stored file)."""


@dataclass
class Outcome:
    folder: Path
    tables: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0
    notes: list[str] = field(default_factory=list)


def _quiet(*_args: Any) -> None:
    return None


# --- where the files are ----------------------------------------------------------------------------


def file_roots() -> dict[str, Path]:
    """The folders a backup copies, by their name in the backup: MEDIA_ROOT, and each job model's folder."""
    roots = {MEDIA: Path(settings.MEDIA_ROOT)}
    for model in job_models():
        roots[model._meta.label_lower] = files_dir(model)
    return roots


def _walk(root: Path, skip: set[Path]) -> Iterator[Path]:
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if (here / d).resolve() not in skip)
        for name in sorted(names):
            path = here / name
            if name in KEY_FILES or path.is_symlink() or not path.is_file() or path.resolve() in skip:
                continue
            yield path


def _files_to_copy() -> Iterator[tuple[str, Path, str]]:
    """(root name, file, name relative to the root) of every file a backup holds."""
    media = Path(settings.MEDIA_ROOT)
    job_dirs = {files_dir(model).resolve() for model in job_models()}
    skip = set(job_dirs) | _database_files()
    if media.is_dir():
        for path in _walk(media, skip):
            yield MEDIA, path, path.relative_to(media).as_posix()
    for model in job_models():
        root = files_dir(model)
        for field_name in model.result_fields:
            names = model._default_manager.exclude(**{field_name: ""}).values_list(field_name, flat=True)
            for name in names.iterator(chunk_size=2000):
                stored = resolve_stored(root, name)
                if stored is not None and stored.is_file():
                    yield model._meta.label_lower, stored, stored_name(root, stored)


def _database_files() -> set[Path]:
    if connection.vendor != "sqlite":
        return set()
    name = Path(str(connection.settings_dict["NAME"]))
    return {Path(f"{name}{suffix}").resolve() for suffix in ("", "-wal", "-shm", "-journal")}


# --- small helpers ----------------------------------------------------------------------------------


def _copy(source: Path, target: Path) -> tuple[int, str]:
    """Copy in chunks to a new 0600 file; (size, SHA-256)."""
    private_dir(target.parent)
    digest = hashlib.sha256()
    size = 0
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with source.open("rb") as handle, open(descriptor, "wb") as out:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    os.chmod(target, FILE_MODE)
    return size, digest.hexdigest()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _count_rows(cursor: Any, tables: list[str], quote: Callable[[str], str]) -> dict[str, int]:
    counts = {}
    for table in tables:  # one query per table, never per row
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - introspected names, quoted
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _tables() -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def _app_version() -> str:
    try:
        return metadata.version("counterpart")
    except metadata.PackageNotFoundError:  # pragma: no cover - always installed
        return ""


# --- PostgreSQL clients -----------------------------------------------------------------------------


def _pg_env() -> dict[str, str]:
    """The connection of the default database for pg_dump / pg_restore, in their environment variables
    (the password never on a command line)."""
    conf = connection.settings_dict
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if conf.get(key):
            env[variable] = str(conf[key])
    env["PGDATABASE"] = str(conf["NAME"])
    sslmode = (conf.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return env


def pg_client(name: str) -> tuple[str, int, str]:
    """(path, major version, version text) of a PostgreSQL client; BackupError if it is missing."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found: install the PostgreSQL client of the server's version "
            f"(Debian: apt-get install postgresql-client)."
        )
    text = subprocess.run(  # noqa: S603 - the client found on PATH, fixed arguments
        [path, "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    found = re.search(r"(\d+)(?:\.(\d+))?", text)
    return path, int(found.group(1)) if found else 0, text


def _server_version() -> tuple[int, str]:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        number = int(cursor.fetchone()[0])
        cursor.execute("SHOW server_version")
        text = str(cursor.fetchone()[0])
    return number // 10000, text


def _run_client(
    command: list[str], *, env: dict[str, str], marker: str, total: int, progress: Progress
) -> None:
    """Run pg_dump / pg_restore with --verbose, counting its per-table lines as progress."""
    done = 0
    errors: list[str] = []
    # The client found on PATH, arguments built here (no shell).
    with subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True) as process:  # noqa: S603
        for line in process.stderr or ():
            if marker in line:
                done += 1
                progress(min(done, total), total, "database")
            elif "error" in line.lower() or "warning" in line.lower():
                errors.append(line.strip())
    if process.returncode:
        raise BackupError(f"{Path(command[0]).name} failed: " + " | ".join(errors[-5:]))


# --- backup -----------------------------------------------------------------------------------------


def backup(folder: Path, *, say: Say = _quiet, progress: Progress = _quiet) -> Outcome:
    """Write a backup into `folder` (new or empty): the database, the files, then the manifest."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: give a new folder for each backup.")
    for name, root in file_roots().items():
        if folder.resolve().is_relative_to(root.resolve()):
            raise BackupError(f"The backup folder must not be inside a stored files folder ({name}).")
    private_dir(folder)
    outcome = Outcome(folder)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "app_version": _app_version(),
        "created_at": timezone.now().isoformat(),
        "database": {"engine": connection.vendor},
    }
    say(f"Database ({connection.vendor})…")
    if connection.vendor == "sqlite":
        outcome.tables = _backup_sqlite(folder / SQLITE_FILE, progress)
        db_file = folder / SQLITE_FILE
    elif connection.vendor == "postgresql":
        outcome.tables = _backup_postgresql(folder / PG_FILE, manifest["database"], say, progress)
        db_file = folder / PG_FILE
    else:
        raise BackupError(f"Backups of a {connection.vendor} database are not supported.")
    os.chmod(db_file, FILE_MODE)
    manifest["database"].update(file=db_file.name, size=db_file.stat().st_size, sha256=_sha256(db_file))
    manifest["tables"] = outcome.tables
    say(f"Database: {len(outcome.tables)} tables, {sum(outcome.tables.values()):,} rows.")
    say("Files…")
    listed = []
    for root_name, path, name in _files_to_copy():
        size, sha = _copy(path, folder / FILES / root_name / name)
        listed.append({"root": root_name, "name": name, "size": size, "sha256": sha})
        outcome.files += 1
        outcome.bytes += size
        progress(outcome.files, 0, "files")
    manifest["files"] = listed
    say(f"Files: {outcome.files:,} ({outcome.bytes:,} bytes).")
    scratch = folder / (MANIFEST + ".tmp")
    descriptor = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with open(descriptor, "w", encoding="utf-8") as out:
        json.dump(manifest, out, ensure_ascii=False, indent=1, sort_keys=True)
    os.replace(scratch, folder / MANIFEST)  # last: a folder without a manifest is an unfinished backup
    return outcome


def _backup_sqlite(target: Path, progress: Progress) -> dict[str, int]:
    connection.ensure_connection()
    source = connection.connection
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.close(descriptor)
    copy = sqlite3.connect(target)
    try:

        def step(_status: int, remaining: int, total: int) -> None:
            progress(total - remaining, total, "database")

        source.backup(copy, pages=1024, progress=step)
        copy.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
        tables = [
            r[0]
            for r in copy.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return _count_rows(copy.cursor(), sorted(tables), connection.ops.quote_name)
    finally:
        copy.close()


def _backup_postgresql(target: Path, info: dict[str, Any], say: Say, progress: Progress) -> dict[str, int]:
    import psycopg

    pg_dump, client_major, client_text = pg_client("pg_dump")
    server_major, server_text = _server_version()
    info.update(server_version=server_text, client_version=client_text)
    if client_major < server_major:
        raise BackupError(
            f"{client_text} is older than the server (PostgreSQL {server_text}) and cannot dump it: install "
            f"postgresql-client-{server_major}."
        )
    if client_major != server_major:
        say(
            f"Note: {client_text} differs from the server (PostgreSQL {server_text}); the dump needs "
            f"pg_restore {client_major} or newer."
        )
    env = _pg_env()
    tables = _tables()
    conf = connection.settings_dict
    with psycopg.connect(
        dbname=conf["NAME"],
        user=conf.get("USER") or None,
        password=conf.get("PASSWORD") or None,
        host=conf.get("HOST") or None,
        port=conf.get("PORT") or None,
    ) as snapshot:
        snapshot.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        snapshot.read_only = True
        with snapshot.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = str(cursor.fetchone()[0])  # type: ignore[index]
            counts = _count_rows(cursor, tables, connection.ops.quote_name)
            descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
            os.close(descriptor)
            _run_client(
                [pg_dump, "-Fc", "--verbose", f"--snapshot={snapshot_id}", "-f", str(target)],
                env=env,
                marker="dumping contents of table",
                total=len(tables),
                progress=progress,
            )
        snapshot.rollback()
    return counts


# --- restore ----------------------------------------------------------------------------------------


def read_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BackupError(f"{folder} has no {MANIFEST}: it is not a backup, or an unfinished one.") from exc
    except ValueError as exc:
        raise BackupError(f"{MANIFEST} cannot be read: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST} is not the manifest of a Counterpart backup.")
    if int(manifest.get("version") or 0) > VERSION:
        raise BackupError(f"This backup has format {manifest['version']}; this release reads {VERSION}.")
    return manifest


def verify(folder: Path, manifest: dict[str, Any], *, progress: Progress = _quiet) -> None:
    """Every checksum of the manifest against the folder; BackupError naming the first wrong ones."""
    folder = Path(folder)
    if manifest["database"].get("file") not in (SQLITE_FILE, PG_FILE):
        raise BackupError(f"{MANIFEST} names no database file of a backup.")
    expected = [(folder / manifest["database"]["file"], manifest["database"]["sha256"])]
    for entry in manifest.get("files", []):
        name = Path(entry["name"])
        if name.is_absolute() or ".." in name.parts or "/" in entry["root"] or ".." in entry["root"]:
            raise BackupError(f"{MANIFEST} names a file outside the backup: {entry['root']}/{entry['name']}")
        expected.append((folder / FILES / entry["root"] / name, entry["sha256"]))
    wrong = []
    for done, (path, sha) in enumerate(expected, 1):
        if not path.is_file() or _sha256(path) != sha:
            wrong.append(path.relative_to(folder).as_posix())
        progress(done, len(expected), "checksums")
    if wrong:
        more = f" and {len(wrong) - 5} more" if len(wrong) > 5 else ""
        raise BackupError(
            f"{len(wrong)} files of the backup are missing or altered: {', '.join(wrong[:5])}{more}."
        )


def restore(folder: Path, *, force: bool = False, say: Say = _quiet, progress: Progress = _quiet) -> Outcome:
    """Restore a backup into the configured database and file folders (empty ones unless `force`)."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    engine = manifest["database"]["engine"]
    if engine != connection.vendor:
        raise BackupError(
            f"This backup is of a {engine} database; the configured one is {connection.vendor}."
        )
    say("Checking the backup's checksums…")
    verify(folder, manifest, progress=progress)
    if engine == "sqlite":  # a new location: the database's folder may not exist yet
        private_dir(Path(str(connection.settings_dict["NAME"])).parent)
    roots = file_roots()
    unknown = {e["root"] for e in manifest.get("files", [])} - set(roots)
    if unknown:
        raise BackupError(
            f"This release has no folder for the backup's files of {', '.join(sorted(unknown))}."
        )
    if not force:
        if _tables():
            raise BackupError(
                "The database is not empty (it has tables): restore into a new one, or use --force."
            )
        for name, root in roots.items():
            if root.is_dir() and any(p.is_file() for p in root.rglob("*")):
                raise BackupError(
                    f"The folder of the stored files ({name}) is not empty: use a new one, or --force."
                )
    outcome = Outcome(folder)
    say(f"Database ({engine})…")
    if engine == "sqlite":
        _restore_sqlite(folder / manifest["database"]["file"], progress)
    else:
        _restore_postgresql(
            folder / manifest["database"]["file"], manifest, force=force, say=say, progress=progress
        )
    say("Files…")
    files = manifest.get("files", [])
    for entry in files:
        size, _sha = _copy(
            folder / FILES / entry["root"] / entry["name"], roots[entry["root"]] / entry["name"]
        )
        outcome.files += 1
        outcome.bytes += size
        progress(outcome.files, len(files), "files")
    for root in roots.values():
        private_dir(root)
    connection.close()
    tables = _tables()
    with connection.cursor() as cursor:
        outcome.tables = _count_rows(
            cursor, [t for t in tables if t in manifest["tables"]], connection.ops.quote_name
        )
    differ = {
        t: (n, outcome.tables.get(t)) for t, n in manifest["tables"].items() if outcome.tables.get(t) != n
    }
    if differ:
        shown = ", ".join(f"{t}: {got} of {want}" for t, (want, got) in list(differ.items())[:5])
        raise BackupError(f"The restored database differs from the manifest's counts ({shown}).")
    return outcome


def _restore_sqlite(source_file: Path, progress: Progress) -> None:
    connection.ensure_connection()
    target = connection.connection
    source = sqlite3.connect(f"file:{source_file}?mode=ro", uri=True)
    try:

        def step(_status: int, remaining: int, total: int) -> None:
            progress(total - remaining, total, "database")

        source.backup(target, pages=1024, progress=step)
    finally:
        source.close()
    connection.close()
    name = Path(str(connection.settings_dict["NAME"]))
    if name.is_file():
        os.chmod(name, FILE_MODE)


def _restore_postgresql(
    dump: Path, manifest: dict[str, Any], *, force: bool, say: Say, progress: Progress
) -> None:
    pg_restore, client_major, client_text = pg_client("pg_restore")
    server_major, server_text = _server_version()
    made_by = str(manifest["database"].get("client_version", ""))
    found = re.search(r"(\d+)", made_by)
    if found and client_major < int(found.group(1)):
        raise BackupError(
            f"The dump was made by {made_by}; {client_text} cannot read it: install a newer client."
        )
    source_server = str(manifest["database"].get("server_version", ""))
    if source_server and source_server.split(".")[0] != str(server_major):
        say(f"Note: the backup comes from PostgreSQL {source_server}; this server is {server_text}.")
    command = [
        pg_restore,
        "--verbose",
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "-d",
        str(connection.settings_dict["NAME"]),
    ]
    if force:
        command[1:1] = ["--clean", "--if-exists"]
    connection.close()
    _run_client(
        [*command, str(dump)],
        env=_pg_env(),
        marker="processing data for table",
        total=len(manifest["tables"]),
        progress=progress,
    )
