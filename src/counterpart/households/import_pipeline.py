"""The single-pass registry import: a valid file is checked and written in one streaming pass.

Why: the two-pass import (`importers`) checks every row, spills it to a temporary file, then reads the spill
back and writes — so the time is the Python work *plus* the database's. Here the two overlap:

* a **worker process** (forked, so it inherits the mapped header and needs no set-up) reads the file and
  does everything per row that needs no database — parsing, the ID number's checks, its keyed hash and
  AES-GCM ciphertext (`RegistryImporter._parse_row`) — and queues the rows in batches for a thread that
  sends them through a pipe;
* **this process**, inside one transaction, groups the rows into households, resolves each household's
  village and writes the batch with COPY (PostgreSQL, from a writer thread, so that this thread builds the
  next batch while the server works; foreign keys checked as each COPY ends rather than all at commit) or
  ``executemany`` (SQLite). A duplicate ID number or household number, within the file or against the
  registry, is refused by the national unique indexes as the rows go in (the insert probes the index
  anyway), so no query checks for them and no set of the file's numbers is held in memory.

Memory stays flat: a few batches queued in the worker, two handed to the writer thread, whatever the file
size (≈ 230 MB for both processes, `bench/import_households.py`).

The pass is optimistic: at the first sign of trouble — a row with any error, a household whose rows are
not consecutive (the national export lists them together; a hand-edited file may not), a household with
no head or two, members in different villages, a duplicate — it stops, the transaction is rolled back and
`RegistryImporter.run` checks the whole file in two passes, which report every error (or, for a valid file
with scattered households, write it). Only a file that fails pays twice.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import queue
import signal
import threading
from collections import deque
from collections.abc import Generator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any, cast

from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.utils import timezone

from counterpart.core.bulk import BulkWriter
from counterpart.households.importers import (
    CHUNK,
    MEMBER_COLUMNS,
    HouseholdRows,
    ImportFileError,
    ParsedRow,
    RowRejected,
    find_header,
    iter_file_rows,
)
from counterpart.households.models import Household, Member

if TYPE_CHECKING:
    from counterpart.households.importers import RegistryImporter

#: Below this file size a worker process costs more (fork, pickling) than it saves.
WORKER_MIN_BYTES = 4 << 20
#: More rows than this under one household number is not a household: the two passes say what is wrong
#: (and the rows of the household being gathered stay few, whatever the file).
MAX_HOUSEHOLD_ROWS = 100
#: Batches the worker may have parsed ahead of the writer (memory: a few MB each).
QUEUED_BATCHES = 4
_END = "end"
_REJECTED = "rejected"


class FallBack(Exception):  # a signal, not an error: the two-pass import takes over
    """The single pass cannot take this file (see the module docstring); nothing it did is kept."""


def use_worker(importer: RegistryImporter) -> bool:
    """A worker process when asked (`workers`), else for a large file on a machine with two cores or more
    where processes can be forked."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    if importer.workers is not None:
        return importer.workers > 0
    return (os.cpu_count() or 1) > 1 and importer.path.stat().st_size >= WORKER_MIN_BYTES


def write_in_one_pass(importer: RegistryImporter) -> bool:
    """Check and write the file in one pass; False (nothing written) when the two-pass import must take
    over. The importer's result holds the counts when True."""
    try:
        table = iter_file_rows(importer.path)
        header = find_header(table)
        importer._use_header(header)
    except ImportFileError:
        return False  # the two-pass import reports it
    rows = cast("Iterator[tuple[int, list[str]]]", header.rows_after(table.rows))
    total = max(table.estimate - header.row, 1)
    importer.fail_fast = True
    # The rows are tuples of strings: no reference cycles for the collector to find, and its passes over
    # millions of young tuples cost a quarter of this process's CPU (measured). Off for the import (the
    # forked reader inherits it off), back on after.
    collecting = gc.isenabled()
    gc.disable()
    batches = batches_in_worker(importer, rows) if use_worker(importer) else batches_here(importer, rows)
    try:
        with transaction.atomic():
            OnePassWriter(importer, total).write(batches)
    except (RowRejected, FallBack, ImportFileError, IntegrityError):
        # The rollback also undid SET CONSTRAINTS (see OnePassWriter); tested.
        return False  # rolled back; the two-pass import reports what is wrong
    finally:
        if collecting:
            gc.enable()
        importer.fail_fast = False
        batches.close()
        table.close()
    importer.result.written = importer.result.single_pass = True
    return True


def batches_here(
    importer: RegistryImporter, rows: Iterator[tuple[int, list[str]]]
) -> Generator[list[ParsedRow]]:
    """Parsed rows in batches of CHUNK, in this process (blank rows skipped)."""
    batch: list[ParsedRow] = []
    parse = importer._parse_row
    skips = importer.skips
    for number, cells in rows:
        if skips(cells):
            continue
        batch.append(parse(number, cells))
        if len(batch) >= CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


#: How often (seconds) a reader waiting to queue a batch checks that its parent still runs.
PARENT_CHECK_SECONDS = 1.0
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent(parent_pid: int) -> None:
    """Have the kernel kill this (forked) process when its parent dies (Linux), and leave now if the
    parent is already gone; elsewhere `_put` checks the parent's pid while it waits."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)


def _put(ready: queue.Queue[object], item: object, parent_pid: int) -> None:
    """Queue a batch for the sender, leaving (with no clean-up: the parent's files are not this
    process's) if the parent dies meanwhile, so that no reader is left waiting forever."""
    while True:
        try:
            ready.put(item, timeout=PARENT_CHECK_SECONDS)
            return
        except queue.Full:
            if os.getppid() != parent_pid:
                os._exit(1)


def _produce(
    importer: RegistryImporter,
    rows: Iterator[tuple[int, list[str]]],
    conn: Connection,
    parent_end: Connection,
    parent_pid: int,
) -> None:
    """The worker: parse batches while a thread sends the ones ready (a pipe holds far less than a batch,
    so without the queue the parsing would stop until the parent takes each batch); a rejected row ends
    it (the parent falls back). It dies with its parent: the kernel kills it (`_die_with_parent`), and it
    holds no copy of the pipe's reading end, so a send to a dead parent fails rather than blocks."""
    _die_with_parent(parent_pid)
    parent_end.close()
    ready: queue.Queue[object] = queue.Queue(maxsize=QUEUED_BATCHES)

    def send() -> None:
        while True:
            item = ready.get()
            try:
                conn.send(item)
            except OSError:  # the parent stopped reading: it has fallen back and will end this process
                return
            if item in (_END, _REJECTED):
                return

    sender = threading.Thread(target=send, name="registry-import-sender", daemon=True)
    sender.start()
    outcome = _REJECTED  # unless the whole file is read: the parent then falls back
    try:
        for batch in batches_here(importer, rows):
            _put(ready, batch, parent_pid)
        outcome = _END
    except (RowRejected, ImportFileError):
        pass  # the two passes will say what is wrong
    finally:
        # Every way out, an unexpected error included, ends the sender: the parent is never left waiting.
        _put(ready, outcome, parent_pid)
        sender.join()
        conn.close()


def batches_in_worker(
    importer: RegistryImporter, rows: Iterator[tuple[int, list[str]]]
) -> Generator[list[ParsedRow]]:
    """Parsed rows in batches, parsed by a forked worker process while this one writes.

    The worker never touches the database (the inherited connection stays unused and the child leaves with
    `os._exit`, as multiprocessing's fork does, so it is not closed under the parent). If it dies, the
    batches end in FallBack and the two-pass import runs in this process; if this process dies (killed),
    the worker dies too (`_die_with_parent`, `_put`), so none is left holding the database or the file.
    """
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    worker = context.Process(
        target=_produce, args=(importer, rows, send, receive, os.getpid()), name="registry-import-reader"
    )
    worker.start()
    send.close()
    try:
        while True:
            try:
                message = receive.recv()
            except EOFError as exc:
                raise FallBack("the reader process ended without finishing") from exc
            if message == _END:
                return
            if message == _REJECTED:
                raise RowRejected("a row was rejected")
            yield message
    finally:
        receive.close()
        if worker.is_alive():
            worker.terminate()
        worker.join()


class OnePassWriter:
    """Groups parsed rows into households and writes them batch by batch (see the module docstring).

    On PostgreSQL the COPY of a batch runs in a writer thread while this thread prepares the next batch
    (psycopg releases the GIL while the server works), so the server is not left idle while Python builds
    rows. At most `IN_FLIGHT` batches are handed over, and nothing else uses the connection meanwhile: before
    any other query (a village not yet cached, a new block of household ids) this thread waits for the
    writes to end.
    """

    #: Household ids taken from the sequence at a time (PostgreSQL); what an import leaves unused is a gap
    #: in the numbering, nothing more.
    ID_BLOCK = 20_000
    #: Batches handed to the writer thread and not yet written: one being written, one waiting, so the
    #: server never waits for this thread to finish building a batch.
    IN_FLIGHT = 2

    def __init__(self, importer: RegistryImporter, total: int) -> None:
        self.importer = importer
        self.total = total
        self.bulk = BulkWriter()
        self.now = self.bulk.timestamp(timezone.now())
        actor = importer.actor
        self.user_id = getattr(actor, "pk", None) if actor is not None else None
        self.rows = HouseholdRows(
            now=self.now,
            generated=importer.generated,
            job_id=importer.import_job_id,
            user_id=self.user_id,
            source_name=importer.source_name,
            with_guarantees=importer.guarantee_columns,
        )
        self.next_id = self.bulk.reserve_start(Household)
        self._ids: list[int] = []
        self._threaded = connection.vendor == "postgresql"
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="registry-import-writer")
        self._pending: deque[Future[None]] = deque()
        if self._threaded:
            # Foreign keys checked as each COPY ends, while this thread builds the next batch, rather than
            # all at commit with nothing else to do (PostgreSQL; Django makes them deferrable).
            self.bulk.cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def _wait(self, *, keep: int = 0) -> None:
        """Let the writes in flight finish but the last `keep` (an error is raised here)."""
        while len(self._pending) > keep:
            self._pending.popleft().result()

    def _take_ids(self, count: int) -> list[int]:
        if len(self._ids) < count:
            if self.bulk.vendor == "postgresql":
                self._wait()
                self._ids += self.bulk.reserve(Household, max(count, self.ID_BLOCK), 0)
            else:  # consecutive after the largest id; the import holds SQLite's write lock
                self._ids += range(self.next_id, self.next_id + count)
                self.next_id += count
        taken, self._ids = self._ids[:count], self._ids[count:]
        return taken

    def _village(self, number: int, key: tuple[str, str, str, str]) -> tuple[int, str] | None:
        if not self.importer.village_cached(key):
            self._wait()  # the lookup queries the database
        return self.importer._village(number, key)

    def _insert(self, tables: list[tuple[type[Model], str, list[tuple[Any, ...]]]]) -> None:
        for model, columns, rows in tables:
            self.bulk.insert(model, columns, rows, adapt=False)

    def _submit(self, tables: list[tuple[type[Model], str, list[tuple[Any, ...]]]]) -> None:
        if self._threaded:
            self._wait(keep=self.IN_FLIGHT - 1)
            self._pending.append(self._executor.submit(self._insert, tables))
        else:
            self._insert(tables)

    def write(self, batches: Iterator[list[ParsedRow]]) -> None:
        try:
            self._write(batches)
            self._wait()
            if self._threaded:
                self.bulk.cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as Django declares them
        finally:
            # On an error the write in flight must end before the transaction is rolled back.
            with contextlib.suppress(Exception):
                self._wait()
            self._executor.shutdown()

    def _write(self, batches: Iterator[list[ParsedRow]]) -> None:
        result = self.importer.result
        progress = self.importer.progress
        open_rows: list[ParsedRow] = []
        open_number: object = None
        for batch in batches:
            result.rows += len(batch)
            households: list[list[ParsedRow]] = []
            for row in batch:
                if row[1] == open_number:
                    open_rows.append(row)
                    if len(open_rows) > MAX_HOUSEHOLD_ROWS:
                        raise FallBack("too many rows under one household number")
                else:
                    if open_rows:
                        households.append(open_rows)
                    open_number, open_rows = row[1], [row]
            # The last household may go on in the next batch: it is written with that one.
            if households:
                self._write_households(households)
            progress(result.rows, max(self.total, result.rows), "import")
        if open_rows:
            self._write_households([open_rows])
        if not result.rows:
            raise FallBack("no rows")  # the two-pass import says so in the user's words
        progress(result.rows, result.rows, "import")

    def _write_households(self, households: list[list[ParsedRow]]) -> None:
        importer = self.importer
        # No query for duplicates: the national unique indexes on the household number and the ID hash
        # refuse one at insert (within the file or against the registry), IntegrityError, and the two-pass
        # check then says which rows.
        now = self.now
        member_rows: list[tuple[Any, ...]] = []
        pks = self._take_ids(len(households))
        for pk, rows in zip(pks, households, strict=True):
            heads = [row for row in rows if row[2]]
            if len(heads) != 1:
                raise FallBack("a household without exactly one head")
            head = heads[0]
            key = head[3]
            if any(row[3] != key for row in rows):
                raise FallBack("members in different villages")
            village = self._village(head[0], key)  # RowRejected when unknown or out of scope
            if village is None:  # pragma: no cover  # `_village` raises in fail-fast mode
                raise FallBack("unknown village")
            province = self.rows.add(pk, head[1], village[0], village[1], head[16])
            member_rows.extend(
                (now, now, pk, province, *row[4:13], row[14], row[13], row[15]) for row in rows
            )
        self._submit([*self.rows.take(), (Member, MEMBER_COLUMNS, member_rows)])
        importer.result.households += len(households)
        importer.result.members += len(member_rows)
