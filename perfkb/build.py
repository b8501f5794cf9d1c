"""Building the knowledge base: every document in a folder -> one SQLite file.

Documents are prepared (read, parsed, tokenized) in worker processes, one document per task,
and loaded by this process in file-name order, so ids do not depend on which worker was faster.
"""

from __future__ import annotations

import csv
import fcntl
import gc
import hashlib
import multiprocessing
import os
import shutil
import signal
import sqlite3
import stat
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import sqlite_utils

from .cache import DocumentCache, parser_fingerprint
from .incremental import Plan, plan_update
from .models import Problem
from .prepare import INDICATOR_COLUMNS, PROJECT_COLUMNS, PreparedDocument, prepare_document
from .reading import ReadError, decode_text
from .schema import DOCUMENTS, PROBLEMS
from .segment import tokenizer
from .store import (
    clear_derived,
    create_indexes,
    create_schema,
    create_search_indexes,
    delete_document,
    insert_rows,
    open_existing,
    open_new,
    record_build_info,
    store_families,
    store_names,
    store_sources,
)

ID_BLOCK = 1_000_000  # row ids are document id × ID_BLOCK + row number: a changed document's rows
# can be replaced without moving any other row's id (incremental.py)


@dataclass
class BuildReport:
    documents: int = 0
    projects: int = 0
    indicators: int = 0
    problems: int = 0
    parsed: int = 0  # documents parsed in this build (the others came from the cache or were kept)

    def add(self, doc: PreparedDocument, parsed: bool) -> None:
        self.documents += 1
        self.projects += len(doc.projects)
        self.indicators += len(doc.indicators)
        self.parsed += parsed

    def summary(self) -> str:
        return (
            f"built: {self.documents} documents, {self.projects} projects, "
            f"{self.indicators} indicators, {self.problems} problems"
        )


class Laps:
    """Wall time of each build phase, for the closing report (where the time goes)."""

    def __init__(self) -> None:
        self.laps: list[tuple[str, float]] = []
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps.append((name, now - self._last))
        self._last = now

    def __str__(self) -> str:
        return ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.laps)


class BuildError(Exception):
    pass


SOURCES_FILE = "SOURCES.tsv"  # optional: where each document was downloaded from


@dataclass
class Folder:
    """What a data folder holds: the documents to read, by their path relative to the folder, and
    every entry passed over with why (recorded as `skipped` problems: nothing goes unmentioned)."""

    files: dict[str, Path]
    skipped: dict[str, str]


def source_files(data_dir: Path) -> Folder:
    """Every document under data_dir, sub-folders included. Links are followed only to files
    inside the folder; hidden entries, links out of it, broken or looping links and anything
    that is not a regular file are passed over and named."""
    if not data_dir.is_dir():
        raise BuildError(f"{data_dir}: not a folder of documents")
    root = data_dir.resolve()
    folder = Folder({}, {})
    for top, dirs, names in os.walk(data_dir, followlinks=False):
        for name in sorted(dirs):
            path = Path(top) / name
            if path.is_symlink() or name.startswith("."):
                folder.skipped[path.relative_to(data_dir).as_posix()] = (
                    "hidden folder" if name.startswith(".") else "link to a folder (not followed)"
                )
                dirs.remove(name)
        for name in names:
            path = Path(top) / name
            relative = path.relative_to(data_dir).as_posix()
            if relative == SOURCES_FILE:
                continue
            reason = _skip_reason(path, name, root)
            if reason:
                folder.skipped[relative] = reason
            else:
                folder.files[relative] = path
    folder.files = dict(sorted(folder.files.items()))
    folder.skipped = dict(sorted(folder.skipped.items()))
    return folder


def _skip_reason(path: Path, name: str, root: Path) -> str:
    if name.startswith("."):
        return "hidden file"
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return "broken or looping link"
        if not target.is_relative_to(root):
            return f"link to {target}, outside the data folder (not followed)"
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return "not a regular file (a pipe, socket or device)"
    except OSError as err:
        return f"cannot be read: {err.strerror}"
    return ""


def read_sources(data_dir: Path) -> dict[str, dict[str, str]]:
    """data_dir/SOURCES.tsv (columns file, url, publisher, published): each document's origin."""
    path = data_dir / SOURCES_FILE
    if not path.is_file():
        return {}
    rows = list(csv.DictReader(decode_text(path.read_bytes()).splitlines(), delimiter="\t"))
    return {
        row["file"]: {k: (row.get(k) or "").strip() or None for k in ("url", "publisher", "published")}
        for row in rows
        if row.get("file")
    }


@dataclass
class Outcome:
    """What preparing one file gave: the document, or why it could not be read."""

    source: str
    digest: str
    prepared: PreparedDocument | None = None
    error: str = ""
    error_kind: str = "unreadable"  # or parse_error: the reader read it and the parser failed on it
    parsed: bool = False  # False when it came from the cache


def file_digest(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


# Seconds one document may take to read and parse before it is given up on (a parser defect
# that never ends must not hold up the build): far beyond any real one's (2 MB/s and more).
PARSE_SECONDS = 120.0
PARSE_SECONDS_PER_MB = 60.0


class ParseTimeout(Exception):
    pass


@contextmanager
def _time_limit(seconds: float):
    """Raise ParseTimeout in this thread after seconds; a no-op off the main thread (signals)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise ParseTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def prepare_file(path: Path, name: str, digest: str, cache_dir: Path | None) -> Outcome:
    cache = DocumentCache(cache_dir) if cache_dir else None
    prepared = cache.load(digest) if cache else None
    if prepared is not None:
        return Outcome(name, digest, prepared)
    limit = PARSE_SECONDS + PARSE_SECONDS_PER_MB * path.stat().st_size / 1e6
    try:
        with _time_limit(limit):
            prepared = prepare_document(path)
    except ReadError as err:
        return Outcome(name, digest, error=str(err))
    except ParseTimeout:
        return Outcome(
            name,
            digest,
            error=f"the parser took more than {limit:.0f} s on this document and was stopped; "
            "it is not indexed: please report it",
            error_kind="parse_error",
        )
    except Exception as err:  # noqa: BLE001 - one document's parser defect must not stop the build
        # (nor end it early: a StopIteration escaping into the loader's generator would)
        where = traceback.extract_tb(err.__traceback__)[-1]
        return Outcome(
            name,
            digest,
            error=f"the parser failed on this document ({type(err).__name__}: {err} at "
            f"{Path(where.filename).name}:{where.lineno}); it is not indexed: please report it",
            error_kind="parse_error",
        )
    if cache:
        cache.store(digest, prepared)
    return Outcome(name, digest, prepared, parsed=True)


Job = tuple[Path, str, str, "Path | None"]


def _prepare_job(job: Job) -> Outcome:
    return prepare_file(*job)


def _prepared_in_order(jobs: list[Job], workers: int) -> Iterator[Outcome]:
    """Outcomes in job order; with several workers at most 4 per worker are in flight, so
    memory stays bounded however far the workers run ahead of the loader."""
    tokenizer()  # load jieba's dictionary once; forked workers share it
    # Its hundreds of thousands of objects live as long as the process: keep them out of every
    # garbage collection (which would also copy the shared pages into each worker).
    frozen_by_caller = gc.get_freeze_count()
    gc.freeze()
    try:
        if workers <= 1 or len(jobs) <= 1:
            yield from map(_prepare_job, jobs)
            return
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            pending: deque = deque()
            for job in jobs:
                pending.append(pool.apply_async(_prepare_job, (job,)))
                if len(pending) >= 4 * workers:
                    yield pending.popleft().get()
            while pending:
                yield pending.popleft().get()
    finally:
        if not frozen_by_caller:
            gc.unfreeze()


class _Problems:
    """The problems table's rows, in file order, each also reported on stderr."""

    def __init__(self, warn: Callable[[str], None]):
        self.rows: list[dict] = []
        self.warn = warn

    def add(self, source: str, p: Problem) -> None:
        self.rows.append(
            {
                "source_file": source,
                "source_line": p.source_line or None,
                "source_locator": p.locator or None,
                "kind": p.kind,
                "message": p.message,
                "raw": p.raw or None,
            }
        )
        where = f"{source} ({p.locator})" if p.locator else source
        self.warn(f"{where}: {p.kind}: {p.message}")

    def skipped(self, folder: Folder) -> None:
        """The folder's entries that were passed over, each with why."""
        for name, reason in folder.skipped.items():
            self.add(name, Problem(0, "skipped", f"not read: {reason}"))

    def keep(self, rows: list[dict]) -> None:
        """Rows recorded by an earlier build (already reported then)."""
        self.rows.extend(rows)

    def store(self, db: sqlite_utils.Database) -> None:
        db.execute("delete from problems")
        columns = ("source_file", *PROBLEMS.prepared)
        insert_rows(
            db,
            "problems",
            ("id", *columns),
            [[n, *(row[c] for c in columns)] for n, row in enumerate(self.rows, start=1)],
        )


def build(
    data_dir: Path,
    db_path: Path,
    log: Callable[[str], None] = print,
    warn: Callable[[str], None] = lambda m: print(m, file=sys.stderr),
    cache_dir: Path | None = None,
    workers: int | None = None,
) -> BuildReport:
    """Write the database to a temporary file beside db_path and move it into place when done.

    With cache_dir, documents whose content (and the parser) did not change are not parsed again,
    and when only documents' contents changed since db_path was built, db_path is updated (in the
    temporary copy) rather than written anew; the result is the same database either way.
    workers: processes preparing documents (default: one per core).
    """
    clock = Laps()
    folder = source_files(data_dir)
    files = folder.files
    _check_target(db_path)
    cache_dir = _usable_cache(cache_dir, warn)
    with _exclusive(db_path):
        return _build(data_dir, db_path, folder, files, clock, log, warn, cache_dir, workers)


def _check_target(db_path: Path) -> None:
    """Fail before any work where the database could not be written at the end."""
    if db_path.is_dir():
        raise BuildError(f"{db_path}: is a folder; --db names the database file to write")
    parent = db_path.parent if str(db_path.parent) else Path(".")
    if not parent.is_dir():
        raise BuildError(f"{parent}: no such folder for the database {db_path.name}")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise BuildError(f"{parent}: not writable; the database is written there (and moved into place)")


def _usable_cache(cache_dir: Path | None, warn: Callable[[str], None]) -> Path | None:
    """The cache folder, or None (with a warning) where it cannot be used: a cache is a speed-up."""
    if cache_dir is None:
        return None
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        if os.access(cache_dir, os.W_OK | os.X_OK):
            return cache_dir
    except OSError:
        pass
    warn(f"warning: {cache_dir}: cannot be used as a cache folder; every document is parsed")
    return None


@contextmanager
def _exclusive(db_path: Path):
    """One build at a time per database: a second one refuses, naming the first."""
    lock_path = db_path.with_name(f".{db_path.name}.lock")
    with open(lock_path, "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            raise BuildError(
                f"{db_path}: another build is writing it (process {lock.read().strip() or '?'}); wait for it to finish"
            ) from None
        lock.seek(0)
        lock.truncate()
        lock.write(str(os.getpid()))
        lock.flush()
        yield


def _build(
    data_dir: Path,
    db_path: Path,
    folder: Folder,
    files: dict[str, Path],
    clock: Laps,
    log: Callable[[str], None],
    warn: Callable[[str], None],
    cache_dir: Path | None,
    workers: int | None,
) -> BuildReport:
    workers = workers or os.cpu_count() or 1
    with ThreadPoolExecutor(workers + 1) as pool:  # hashlib hashes without the GIL: a thread per core,
        pool.submit(tokenizer)  # and meanwhile jieba's dictionary loads (the workers need it)
        digests = dict(zip(files, pool.map(file_digest, files.values())))
    tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.building")  # a build's own: never shared
    plan = plan_update(db_path, digests, parser_fingerprint()) if cache_dir else None
    report = BuildReport()
    clock.lap("hash")  # and reading the previous build's record
    db: sqlite_utils.Database | None = None
    try:
        if plan is not None:
            shutil.copyfile(db_path, tmp)
            clock.lap("copy")
            db = open_existing(tmp)
            if not _update(db, plan, folder, digests, cache_dir, workers, log, warn, report):
                db.close()
                plan = None
        if plan is None:
            report = BuildReport()
            db = open_new(tmp)
            _full(db, folder, digests, cache_dir, workers, log, warn, report)
        store_sources(db, read_sources(data_dir))
        record_build_info(db, parser_fingerprint(), digests, data_dir)
        db.conn.commit()  # one transaction for the whole load: FTS5 flushes its index at each commit
        clock.lap("prepare+load")
        if plan is None:
            create_indexes(db)
            clock.lap("indexes")
        else:
            clear_derived(db)
            clock.lap("reset")
        store_families(db, update=plan is not None)
        store_names(db)
        clock.lap("families")
        # quick_check: every page and b-tree is sound (integrity_check's index-against-table
        # comparison would add ~5 s per million indicators and guard only against SQLite bugs).
        if db.execute("pragma quick_check").fetchone()[0] != "ok":
            raise BuildError(f"{tmp}: quick_check failed")
        clock.lap("check")
        stored = db.execute("select count(*) from indicators").fetchone()[0]
        if stored != report.indicators:
            raise BuildError(f"{tmp}: {stored} indicators stored, {report.indicators} extracted")
        db.close()
        os.replace(tmp, db_path)
    except (sqlite3.OperationalError, OSError) as err:
        _discard(db, tmp)
        raise BuildError(f"{tmp}: {err} (the previous {db_path.name} is untouched)") from err
    except BaseException:
        _discard(db, tmp)
        raise
    log(report.summary())
    log(f"time: {clock}")
    return report


def _discard(db: sqlite_utils.Database | None, tmp: Path) -> None:
    if db is not None:
        db.close()
    tmp.unlink(missing_ok=True)


def _full(
    db: sqlite_utils.Database,
    folder: Folder,
    digests: dict[str, str],
    cache_dir: Path | None,
    workers: int,
    log: Callable[[str], None],
    warn: Callable[[str], None],
    report: BuildReport,
) -> None:
    create_schema(db)
    create_search_indexes(db)
    problems = _Problems(warn)
    seen: dict[str, str] = {}
    files = folder.files
    outcomes = _prepared_in_order([(path, name, digests[name], cache_dir) for name, path in files.items()], workers)
    for number, outcome in enumerate(outcomes, start=1):
        source = outcome.source
        if outcome.digest in seen:
            problems.add(
                source, Problem(0, "duplicate_document", f"same content as {seen[outcome.digest]}; indexed once")
            )
            continue
        if outcome.prepared is None:
            problems.add(source, Problem(0, outcome.error_kind, outcome.error))
            continue
        seen[outcome.digest] = source
        doc = outcome.prepared
        _load(db, doc, source, outcome.digest, report.documents + 1)
        for p in doc.problems:
            problems.add(source, p)
        report.add(doc, outcome.parsed)
        log(
            f"[{number}/{len(files)}] {source}: {doc.info.city or '?'} {doc.info.year or '?'} "
            f"{doc.info.department}: {len(doc.projects)} projects, {len(doc.indicators)} indicators, "
            f"{len(doc.problems)} problems"
        )
    problems.skipped(folder)
    problems.store(db)
    report.problems = len(problems.rows)


def _update(
    db: sqlite_utils.Database,
    plan: Plan,
    folder: Folder,
    digests: dict[str, str],
    cache_dir: Path | None,
    workers: int,
    log: Callable[[str], None],
    warn: Callable[[str], None],
    report: BuildReport,
) -> bool:
    """Replace the changed documents' rows in a copy of the previous database; False (nothing
    kept) when a changed document no longer loads as before, so the caller builds anew."""
    jobs = [(folder.files[source], source, digests[source], cache_dir) for source in plan.changed]
    outcomes = {o.source: o for o in _prepared_in_order(jobs, workers)}
    others = {digest: name for name, digest in digests.items() if name not in plan.changed}
    if any(o.prepared is None or o.digest in others for o in outcomes.values()):
        return False  # now unreadable or a duplicate: the documents after it get other ids
    for source, document_id in plan.changed.items():
        outcome = outcomes[source]
        delete_document(db, document_id, _id_block(document_id))
        _load(db, outcome.prepared, source, outcome.digest, document_id)
        report.parsed += outcome.parsed
        log(f"updated {source}: {len(outcome.prepared.indicators)} indicators")
    problems = _Problems(warn)  # in file order, as a full build records them
    for name in digests:
        if name in plan.changed:
            for p in outcomes[name].prepared.problems:
                problems.add(name, p)
        else:
            problems.keep(plan.problems.get(name, []))
    problems.skipped(folder)
    problems.store(db)
    counts = db.execute(
        "select (select count(*) from documents), (select count(*) from projects), (select count(*) from indicators)"
    ).fetchone()
    report.documents, report.projects, report.indicators = counts
    report.problems = len(problems.rows)
    log(f"incremental: {len(plan.changed)} of {report.documents} documents changed, the rest kept")
    return True


def _id_block(document_id: int) -> range:
    """The ids of a document's projects and indicators (each numbered from start + 1)."""
    return range(document_id * ID_BLOCK, (document_id + 1) * ID_BLOCK)


def _load(db: sqlite_utils.Database, doc: PreparedDocument, source: str, digest: str, document_id: int) -> None:
    """One document's rows; its projects and indicators get ids in its own block."""
    first = _id_block(document_id).start
    if max(len(doc.projects), len(doc.indicators)) >= ID_BLOCK:
        raise BuildError(f"{source}: more than {ID_BLOCK - 1} rows in one document")
    info = doc.info
    projects = [[first + n, document_id, *p, source] for n, p in enumerate(doc.projects, start=1)]
    # INDICATOR_COLUMNS begins with the project's index in the document: its id here.
    indicators = [
        [first + n, document_id, first + 1 + row[0], source, *row[1:], 0]
        for n, row in enumerate(doc.indicators, start=1)
    ]
    document = {
        **asdict(info),
        "id": document_id,
        "source_file": source,
        "sha256": digest,
        "county": info.county or None,
        "kind": info.kind or None,
        "n_projects": len(projects),
        "n_indicators": len(indicators),
    }
    insert_rows(db, "documents", DOCUMENTS.names, [[document.get(c) for c in DOCUMENTS.names]])
    insert_rows(db, "projects", ("id", "document_id", *PROJECT_COLUMNS, "source_file"), projects, doc.project_fts)
    insert_rows(
        db,
        "indicators",
        ("id", "document_id", "project_id", "source_file", *INDICATOR_COLUMNS[1:], "level2_std_inferred"),
        indicators,
        doc.indicator_fts,
    )
