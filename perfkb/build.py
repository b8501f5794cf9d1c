"""Building the knowledge base: every document in a folder -> one SQLite file.

Documents are prepared (read, parsed, tokenized) in worker processes, one document per task,
and loaded by this process in file-name order, so ids do not depend on which worker was faster.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import sys
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import sqlite_utils

from .cache import DocumentCache
from .models import Problem
from .prepare import PreparedDocument, prepare_document
from .reading import ReadError
from .segment import tokenizer
from .store import (create_indexes, create_schema, create_search_indexes, insert_rows, open_new,
                    store_families, store_names)

@dataclass
class BuildReport:
    documents: int = 0
    projects: int = 0
    indicators: int = 0
    problems: int = 0
    parsed: int = 0  # documents parsed in this build (the others came from the cache)

    def summary(self) -> str:
        return (f"built: {self.documents} documents, {self.projects} projects, "
                f"{self.indicators} indicators, {self.problems} problems")


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


def source_files(data_dir: Path) -> list[Path]:
    if not data_dir.is_dir():
        raise BuildError(f"{data_dir}: not a folder of documents")
    return sorted(p for p in data_dir.iterdir() if p.is_file() and not p.name.startswith("."))


@dataclass
class Outcome:
    """What preparing one file gave: the document, or why it could not be read."""
    source: str
    digest: str
    prepared: PreparedDocument | None = None
    error: str = ""
    parsed: bool = False  # False when it came from the cache


def prepare_file(path: Path, cache_dir: Path | None) -> Outcome:
    with path.open("rb") as f:
        digest = hashlib.file_digest(f, "sha256").hexdigest()
    cache = DocumentCache(cache_dir) if cache_dir else None
    prepared = cache.load(digest) if cache else None
    if prepared is not None:
        return Outcome(path.name, digest, prepared)
    try:
        prepared = prepare_document(path)
    except ReadError as err:
        return Outcome(path.name, digest, error=str(err))
    if cache:
        cache.store(digest, prepared)
    return Outcome(path.name, digest, prepared, parsed=True)


def _prepare_job(job: tuple[Path, Path | None]) -> Outcome:
    return prepare_file(*job)


def _prepared_in_order(jobs: list[tuple[Path, Path | None]], workers: int) -> Iterator[Outcome]:
    """Outcomes in job order; with several workers at most 4 per worker are in flight, so
    memory stays bounded however far the workers run ahead of the loader."""
    if workers <= 1 or len(jobs) <= 1:
        yield from map(_prepare_job, jobs)
        return
    tokenizer()  # load jieba's dictionary once; forked workers share it
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pending: deque = deque()
        for job in jobs:
            pending.append(pool.apply_async(_prepare_job, (job,)))
            if len(pending) >= 4 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def build(data_dir: Path, db_path: Path, log: Callable[[str], None] = print,
          warn: Callable[[str], None] = lambda m: print(m, file=sys.stderr),
          cache_dir: Path | None = None, workers: int | None = None) -> BuildReport:
    """Write the database to a temporary file beside db_path and move it into place when done.

    With cache_dir, documents whose content (and the parser) did not change are not parsed again.
    workers: processes preparing documents (default: one per core).
    """
    files = source_files(data_dir)
    workers = workers or os.cpu_count() or 1
    tmp = db_path.with_name(f".{db_path.name}.building")
    db = open_new(tmp)
    report = BuildReport()
    clock = Laps()
    try:
        create_schema(db)
        create_search_indexes(db)
        problems: list[dict] = []

        def problem(source: str, p: Problem) -> None:
            problems.append({"id": len(problems) + 1, "source_file": source, "source_line": p.source_line or None,
                             "kind": p.kind, "message": p.message, "raw": p.raw or None})
            where = f"{source}:{p.source_line}" if p.source_line else source
            warn(f"{where}: {p.kind}: {p.message}")

        seen: dict[str, str] = {}
        outcomes = _prepared_in_order([(path, cache_dir) for path in files], workers)
        for number, outcome in enumerate(outcomes, start=1):
            source = outcome.source
            if outcome.digest in seen:
                problem(source, Problem(0, "duplicate_document", f"same content as {seen[outcome.digest]}; indexed once"))
                continue
            if outcome.prepared is None:
                problem(source, Problem(0, "unreadable", outcome.error))
                continue
            seen[outcome.digest] = source
            doc = outcome.prepared
            _load(db, doc, source, outcome.digest, report)
            for p in doc.problems:
                problem(source, p)
            report.parsed += outcome.parsed
            log(f"[{number}/{len(files)}] {source}: {doc.info.city or '?'} {doc.info.year or '?'} "
                f"{doc.info.department}: {len(doc.projects)} projects, {len(doc.indicators)} indicators, "
                f"{len(doc.problems)} problems")
        insert_rows(db, "problems", problems)
        db.conn.commit()  # one transaction for the whole load: FTS5 flushes its index at each commit
        report.problems = len(problems)
        clock.lap("prepare+load")
        create_indexes(db)
        clock.lap("indexes")
        store_families(db)
        store_names(db)
        clock.lap("families")
        if db.execute("pragma integrity_check").fetchone()[0] != "ok":
            raise BuildError(f"{tmp}: integrity check failed")
        clock.lap("check")
        stored = db.execute("select count(*) from indicators").fetchone()[0]
        if stored != report.indicators:
            raise BuildError(f"{tmp}: {stored} indicators stored, {report.indicators} extracted")
        db.close()
        os.replace(tmp, db_path)
    except BaseException:
        db.close()
        tmp.unlink(missing_ok=True)
        raise
    log(report.summary())
    log(f"time: {clock}")
    return report


def _load(db: sqlite_utils.Database, doc: PreparedDocument, source: str, digest: str, report: BuildReport) -> None:
    """One document's rows, with ids following those already loaded."""
    document_id, first_project, first_indicator = report.documents + 1, report.projects + 1, report.indicators + 1
    info = doc.info
    projects = [{"id": first_project + n, "document_id": document_id, **p, "source_file": source}
                for n, p in enumerate(doc.projects)]
    indicators = []
    for n, row in enumerate(doc.indicators):
        fields = {k: v for k, v in row.items() if k != "project_index"}
        indicators.append({"id": first_indicator + n, "document_id": document_id,
                           "project_id": first_project + row["project_index"], "source_file": source,
                           **fields, "level2_std_inferred": 0})
    insert_rows(db, "documents", [{
        "id": document_id, "source_file": source, "sha256": digest, "title": info.title,
        "department": info.department, "city": info.city, "province": info.province,
        "county": info.county or None, "year": info.year,
        "n_projects": len(projects), "n_indicators": len(indicators),
    }])
    insert_rows(db, "projects", projects, doc.project_fts)
    insert_rows(db, "indicators", indicators, doc.indicator_fts)
    report.documents += 1
    report.projects += len(projects)
    report.indicators += len(indicators)
