"""The one way background jobs run: a model that extends `core.models.BackgroundJob`, and these functions.

* **Uploads** are stored by `store_upload` (a random name, mode 0600, in a folder of mode 0700, streamed
  in chunks) and deleted once their job has run, whatever the outcome (`run`), or when a worker finds the
  job's process dead (`recover_dead_jobs`). A file the CLI was given is the user's own and is never deleted.
* **Claiming** is one conditional UPDATE (`claim`): only the process whose UPDATE changed the row runs the
  job; a second worker (or a task run twice) finds it already taken.
* **Progress** has one signature, `progress(done, total, stage)`, with the stage a code of `STAGE_LABELS`
  (translated once, here). While a job runs it goes to a small JSON file beside the uploads: the database
  cannot carry it on SQLite (an import holds the only write lock) and would not show it on PostgreSQL
  (inside the import's transaction). `job_progress` reads it for the progress pages; the CLI's progress bar
  takes the same calls.
* **A worker that starts** (`counterpart db_worker`, see `core/management/commands/db_worker.py`) first
  marks failed every job and task whose process died (killed, or the machine restarted) — with a message
  saying so — and deletes their uploads (`recover_dead_jobs`); a check never confirmed, or a job queued and
  never run, expires after a day with its upload (`expire_waiting_jobs`, also swept after every job).

The web enqueues a task that calls `run`; the CLI calls the same `run` in the foreground with its bar.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from counterpart.core.files import FILE_MODE, new_private_file, private_dir
from counterpart.core.models import BackgroundJob, JobStatus

#: `progress(done, total, stage)`: `done` of `total` rows (or items) in the stage named by a code below.
Progress = Callable[[int, int, str], None]

#: What a job is doing, by the stage code its progress reports (the one copy of these labels).
STAGE_LABELS: dict[str, Promise] = {
    "check": gettext_lazy("checking rows"),
    "write": gettext_lazy("writing rows"),
    "import": gettext_lazy("checking and writing rows"),
    "households": gettext_lazy("writing households"),
    "members": gettext_lazy("writing members"),
    "export": gettext_lazy("exporting"),
}

#: How long a checked file waits for the confirmation of its import before a worker deletes it.
PREVIEW_KEPT = dt.timedelta(days=1)
#: How long a queued job waits for a worker before it fails and its upload is deleted (its task was lost:
#: the worker died between taking the task and claiming the job, or no worker ran for a day).
QUEUED_KEPT = dt.timedelta(days=1)

J = TypeVar("J", bound=BackgroundJob)

#: A job's work: given the job and its progress callback, the fields to record when it ends (`status`
#: among them).
Work = Callable[[J, Progress], dict[str, Any]]


def stage_label(stage: str) -> str:
    label = STAGE_LABELS.get(stage)
    return str(label) if label is not None else ""


# --- files ------------------------------------------------------------------------------------------


def files_root(setting: str, default: str) -> Path:
    """The folder a job model keeps its files in: the setting `setting` if set, else `default` under
    MEDIA_ROOT (not made; the migrations of stored paths read it too)."""
    configured = getattr(settings, setting, "") if setting else ""
    return Path(configured or Path(settings.MEDIA_ROOT) / default)


def files_dir(model: type[BackgroundJob] | BackgroundJob) -> Path:
    """The folder of a job model's uploads, progress files and results (made, mode 0700, if missing)."""
    return private_dir(files_root(model.files_setting, model.files_default))


# --- stored names: relative to their folder, so a restored copy elsewhere still finds its files ------


def stored_name(root: Path, path: Path | str) -> str:
    """What a record keeps for a file written under `root`: its path relative to `root` (POSIX), so a
    backup restored on another machine, or under another MEDIA_ROOT, finds it. A file outside `root` (one
    given to the CLI, the user's own) keeps its absolute path."""
    if not path:
        return ""
    target = Path(path).absolute()
    try:
        return target.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(target)


def resolve_stored(root: Path, name: str) -> Path | None:
    """The file a record names under `root`: a relative name joined to `root`, or the absolute path an
    older release stored if it is inside `root`. None (refused) for nothing, or anything that leads out of
    `root` (an absolute path elsewhere, `..`, a link out)."""
    if not name:
        return None
    base = root.resolve()
    candidate = Path(name)
    target = (candidate if candidate.is_absolute() else base / candidate).resolve()
    return target if target != base and target.is_relative_to(base) else None


def job_file_name(model: type[BackgroundJob] | BackgroundJob, path: Path | str) -> str:
    """The name a job records for a file in its folder (`stored_name` under `files_dir`)."""
    return stored_name(files_dir(model), path)


def job_file(job: BackgroundJob, name: str) -> Path | None:
    """The file one of the job's fields names (an error report, an export), inside the job's folder;
    None when the field is empty or leads outside the folder."""
    return resolve_stored(files_dir(job), name)


def upload_path(job: BackgroundJob) -> Path:
    """The job's upload: in the job's folder, or the file given to the CLI (an absolute path elsewhere,
    the user's own). FileNotFoundError when the job has none."""
    if job.path:
        inside = job_file(job, job.path)
        if inside is not None:
            return inside
        if Path(job.path).is_absolute():
            return Path(job.path)
    raise FileNotFoundError(_("The uploaded file is no longer available; upload it again."))


def relative_job_paths(model: Any, root: Path, fields: Sequence[str], *, batch_size: int = 1000) -> int:
    """Rewrite every absolute path under `root` in `fields` of `model`'s rows as a name relative to it
    (paths elsewhere are left); primary-key order, one `bulk_update` per batch. The number of rows
    changed. The data migrations of the job models call it with their historical model."""
    absolute = Q()
    for field in fields:
        absolute |= Q(**{f"{field}__startswith": "/"})
    changed: list[Any] = []
    total = 0
    rows = model._default_manager.filter(absolute).only("pk", *fields).order_by("pk")
    for row in rows.iterator(chunk_size=batch_size):
        for field in fields:
            value = getattr(row, field)
            if value.startswith("/"):
                setattr(row, field, stored_name(root, value))
        changed.append(row)
        if len(changed) >= batch_size:
            total += model._default_manager.bulk_update(changed, list(fields))
            changed = []
    if changed:
        total += model._default_manager.bulk_update(changed, list(fields))
    return total


def store_upload(source: File | IO[bytes] | Path, *, directory: Path, suffix: str) -> Path:
    """Copy an upload (or a file) under a random name (`core.files`), readable by this user only, in
    chunks."""
    target = new_private_file(directory, suffix=suffix)
    with target.open("wb") as out:
        if isinstance(source, Path):
            with source.open("rb") as handle:
                _copy(iter(lambda: handle.read(1 << 20), b""), out)
        elif isinstance(source, File):
            _copy(source.chunks(), out)
        else:
            _copy(iter(lambda: source.read(1 << 20), b""), out)
    return target


def _copy(chunks: Iterable[bytes], out: IO[bytes]) -> None:
    for chunk in chunks:
        out.write(chunk)


def discard_upload(job: BackgroundJob) -> None:
    """Delete the job's stored upload (a file elsewhere, given to the CLI, is the user's own)."""
    path = job_file(job, job.path)
    if path is not None and path.parent == files_dir(job).resolve():
        path.unlink(missing_ok=True)


def progress_path(job: BackgroundJob) -> Path:
    return files_dir(job) / f"{job._meta.label_lower}-{job.pk}.progress.json"


# --- processes ------------------------------------------------------------------------------------


def _start_ticks(pid: int) -> str:
    """When the process started (clock ticks since boot, Linux), so a reused pid is not taken for it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    fields = stat[stat.rindex(")") + 2 :].split()
    return "" if fields[0] in ("Z", "X") else fields[19]


def process_identity(pid: int | None = None) -> str:
    """`host:pid:start` of this process (or `pid`): what a job and its task record as their worker."""
    pid = os.getpid() if pid is None else pid
    return f"{socket.gethostname()[:40]}:{pid}:{_start_ticks(pid)}"


def process_alive(identity: str) -> bool | None:
    """Whether the process `identity` names still runs; None when it is not one of this host's."""
    host, _sep, rest = identity.partition(":")
    pid_text, _sep, start = rest.partition(":")
    if host != socket.gethostname()[:40] or not pid_text.isdigit():
        return None
    pid = int(pid_text)
    if Path("/proc").is_dir():
        ticks = _start_ticks(pid)
        return bool(ticks) and (not start or ticks == start)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --- running -----------------------------------------------------------------------------------------


def claim(model: type[J], job_id: int) -> bool:
    """Take a queued job for this process: one UPDATE, which only one process can win."""
    return bool(
        model._default_manager.filter(pk=job_id, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING, worker=process_identity()
        )
    )


def reporter(job: BackgroundJob, *, echo: Progress | None = None) -> Progress:
    """The job's progress callback: the progress file, and `echo` (the CLI's bar) too."""
    target = progress_path(job)
    scratch = target.with_name(target.name + ".tmp")

    def report(done: int, total: int, stage: str) -> None:
        if echo is not None:
            echo(done, total, stage)
        descriptor = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        with open(descriptor, "w") as out:  # a descriptor: the file is 0600 like every other
            out.write(json.dumps({"stage": stage, "done": done, "total": total}))
        os.replace(scratch, target)  # a reader never sees half a file

    return report


def job_progress(job: BackgroundJob) -> dict[str, Any]:
    """{stage, stage_label, done, total, percent}: from the progress file while the job runs, else from
    the job."""
    if job.status == JobStatus.RUNNING:
        try:
            data = json.loads(progress_path(job).read_text())
        except (OSError, ValueError):
            data = None
        if isinstance(data, dict):
            done, total = int(data.get("done") or 0), int(data.get("total") or 0)
            stage = str(data.get("stage") or "")
            percent = min(99, int(100 * done / max(total, 1)))
            return {
                "stage": stage,
                "stage_label": stage_label(stage),
                "done": done,
                "total": total,
                "percent": percent,
            }
    return {
        "stage": job.status,
        "stage_label": "",
        "done": job.rows_done,
        "total": job.rows_total,
        "percent": job.percent,
    }


def run(
    model: type[J],
    job_id: int,
    work: Work[J],
    *,
    progress: Progress | None = None,
    select_related: tuple[str, ...] = ("created_by",),
) -> J:
    """Claim a queued job, do its `work` and record the outcome; the upload and the progress file are
    deleted whatever happens (unless the job waits for a confirmation, `PREVIEWED`). An error in the work
    marks the job failed and is raised again (the task records it). A job already taken is returned as
    it is."""
    if not claim(model, job_id):
        return model._default_manager.get(pk=job_id)
    job = model._default_manager.select_related(*select_related).get(pk=job_id)
    fields: dict[str, Any] = {}
    try:
        with translation.override(job.language or None):
            fields = work(job, reporter(job, echo=progress))
    except Exception as exc:
        fields = {"status": JobStatus.FAILED, "message": f"{type(exc).__name__}: {exc}"[:2000]}
        raise
    finally:
        progress_path(job).unlink(missing_ok=True)
        if "status" not in fields:  # interrupted (the worker told to stop at once)
            fields = {
                "status": JobStatus.FAILED,
                "message": _("The job was interrupted; nothing was written."),
            }
        if fields["status"] != JobStatus.PREVIEWED:
            discard_upload(job)
            fields["finished_at"] = timezone.now()
        model._default_manager.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()
    expire_waiting_jobs()  # a long-running worker sweeps too, not only when it starts
    return job


# --- recovery ---------------------------------------------------------------------------------------


class WorkerDied(Exception):  # the name a task result shows
    """The process running a task died before the task ended."""


def job_models() -> list[type[BackgroundJob]]:
    return [m for m in apps.get_models() if issubclass(m, BackgroundJob)]


def recover_dead_jobs() -> int:
    """Mark failed every running job, and every running task, whose process on this host is dead, and
    every check never confirmed within `PREVIEW_KEPT`; delete their uploads and progress files. The number
    of jobs marked. Run when a worker starts."""
    died = _(
        "The process running this job stopped before it ended (it was killed or the machine restarted); "
        "nothing was written. Upload the file again."
    )
    marked = 0
    for model in job_models():
        manager = model._default_manager
        for job in manager.filter(status=JobStatus.RUNNING).only("pk", "path", "worker"):
            if job.worker and process_alive(job.worker) is not False:
                continue
            marked += _fail(job, died, status=JobStatus.RUNNING, worker=job.worker)
    marked += expire_waiting_jobs()
    _fail_dead_task_results(died)
    return marked


def expire_waiting_jobs() -> int:
    """Fail every check never confirmed within `PREVIEW_KEPT` and every job still queued after
    `QUEUED_KEPT`, and delete their uploads: no upload outlives its job. The number of jobs failed."""
    now = timezone.now()
    waits = (
        (
            JobStatus.PREVIEWED,
            PREVIEW_KEPT,
            _("The import was not confirmed in time; upload the file again."),
        ),
        (
            JobStatus.QUEUED,
            QUEUED_KEPT,
            _("The job waited too long for a worker; nothing was written. Upload the file again."),
        ),
    )
    marked = 0
    for model in job_models():
        for status, kept, message in waits:
            stale = model._default_manager.filter(status=status, created_at__lt=now - kept)
            for job in stale.only("pk", "path"):
                marked += _fail(job, message, status=status)
    return marked


def _fail(job: BackgroundJob, message: str, **current: Any) -> int:
    """Fail the job if it is still as `current` says (another worker may have got there first)."""
    taken = (
        type(job)
        ._default_manager.filter(pk=job.pk, **current)
        .update(status=JobStatus.FAILED, message=message, finished_at=timezone.now())
    )
    if taken:
        discard_upload(job)
        progress_path(job).unlink(missing_ok=True)
    return taken


def _fail_dead_task_results(message: str) -> None:
    from django_tasks_db.models import DBTaskResult

    for result in DBTaskResult.objects.running():
        worker = result.worker_ids[-1] if result.worker_ids else ""
        if worker and process_alive(worker) is False:
            result.set_failed(WorkerDied(message))
