"""Building the knowledge base: every document in a folder -> one SQLite file."""
from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .cache import ExtractionCache
from .document import DocumentInfo, document_info
from .models import Extraction, Problem
from .reading import ReadError, read_lines
from .rows import reconstruct_rows
from .store import create_schema, create_search_indexes, open_new, store_families
from .values import parse_value
from .vocab import categories
from .walk import extract_document


@dataclass
class BuildReport:
    documents: int = 0
    projects: int = 0
    indicators: int = 0
    problems: int = 0

    def summary(self) -> str:
        return (f"built: {self.documents} documents, {self.projects} projects, "
                f"{self.indicators} indicators, {self.problems} problems")


class BuildError(Exception):
    pass


def source_files(data_dir: Path) -> list[Path]:
    if not data_dir.is_dir():
        raise BuildError(f"{data_dir}: not a folder of documents")
    return sorted(p for p in data_dir.iterdir() if p.is_file() and not p.name.startswith("."))


def _indicator_rows(extraction: Extraction, info: DocumentInfo, document_id: int, source: str,
                    first_project_id: int) -> tuple[list[dict], list[dict]]:
    cats = categories()
    projects, indicators = [], []
    for offset, project in enumerate(extraction.projects):
        project_id = first_project_id + offset
        projects.append({
            "id": project_id, "document_id": document_id, "name": project.name,
            "code": project.code or None, "budget_wan": project.budget_wan, "goal": project.goal or None,
            "is_department_wide": int(project.is_department_wide), "source_file": source,
            "source_line": project.source_line,
        })
        for ind in project.indicators:
            parsed = parse_value(ind.value)
            level1_std, level2_std = cats.standard(ind.level1, ind.level2)
            indicators.append({
                "document_id": document_id, "project_id": project_id, "source_file": source,
                "source_line": ind.source_line, "department": info.department, "city": info.city,
                "province": info.province, "year": info.year, "project": project.name,
                "level1": ind.level1, "level2": ind.level2 or None, "level3": ind.level3,
                "value": ind.value or None, "value_period": ind.value_period or None,
                "description": ind.description or None, "basis": ind.basis or None,
                "value_op": parsed.op or None, "value_num": parsed.num, "value_unit": parsed.unit or None,
                "value_kind": parsed.kind or None, "level1_std": level1_std or None,
                "level2_std": level2_std or None, "level2_std_inferred": 0,
            })
    return projects, indicators


def _parse(path: Path, digest: str, cache: ExtractionCache | None):
    """(extraction, info) of a document, from the cache when its content was parsed before."""
    cached = cache.load(digest) if cache else None
    if cached is not None:
        return cached
    lines = read_lines(path)
    parsed = extract_document(reconstruct_rows(lines)), document_info(lines)
    if cache:
        cache.store(digest, *parsed)
    return parsed


def build(data_dir: Path, db_path: Path, log: Callable[[str], None] = print,
          warn: Callable[[str], None] = lambda m: print(m, file=sys.stderr),
          cache_dir: Path | None = None) -> BuildReport:
    """Write the database to a temporary file beside db_path and move it into place when done.

    With cache_dir, documents whose content (and the parser) did not change are not parsed again.
    """
    files = source_files(data_dir)
    cache = ExtractionCache(cache_dir) if cache_dir else None
    tmp = db_path.with_name(f".{db_path.name}.building")
    db = open_new(tmp)
    report = BuildReport()
    try:
        create_schema(db)
        seen: dict[str, str] = {}
        problems: list[dict] = []

        def problem(source: str, p: Problem) -> None:
            problems.append({"source_file": source, "source_line": p.source_line or None, "kind": p.kind,
                             "message": p.message, "raw": p.raw or None})
            where = f"{source}:{p.source_line}" if p.source_line else source
            warn(f"{where}: {p.kind}: {p.message}")

        for number, path in enumerate(files, start=1):
            source = path.name
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            if digest in seen:
                problem(source, Problem(0, "duplicate_document", f"same content as {seen[digest]}; indexed once"))
                continue
            try:
                extraction, info = _parse(path, digest, cache)
            except ReadError as err:
                problem(source, Problem(0, "unreadable", str(err)))
                continue
            seen[digest] = source
            document_id = report.documents + 1
            projects, indicators = _indicator_rows(extraction, info, document_id, source, report.projects + 1)
            if not indicators:
                extraction.problems.append(Problem(0, "no_indicator_tables",
                                                   "no performance-target table found; document indexed with 0 indicators"))
            db["documents"].insert({
                "id": document_id, "source_file": source, "sha256": digest, "title": info.title,
                "department": info.department, "city": info.city, "province": info.province,
                "county": info.county or None, "year": info.year,
                "n_projects": len(projects), "n_indicators": len(indicators),
            })
            db["projects"].insert_all(projects)
            db["indicators"].insert_all(indicators, batch_size=1000)
            for p in extraction.problems:
                problem(source, p)
            report.documents += 1
            report.projects += len(projects)
            report.indicators += len(indicators)
            log(f"[{number}/{len(files)}] {source}: {info.city or '?'} {info.year or '?'} "
                f"{info.department}: {len(projects)} projects, {len(indicators)} indicators, "
                f"{len(extraction.problems)} problems")
        db["problems"].insert_all(problems)
        report.problems = len(problems)
        store_families(db)
        create_search_indexes(db)
        if db.execute("pragma integrity_check").fetchone()[0] != "ok":
            raise BuildError(f"{tmp}: integrity check failed")
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
    return report
