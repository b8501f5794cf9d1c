"""One document file -> its rows ready to store, search tokens included.

This is the per-document half of the build: it runs in worker processes (build.py), so it
takes a path and returns plain data; ids are given later, in file-name order, by the loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .document import DocumentInfo, document_info
from .models import Extraction, Indicator, Problem, Project
from .privacy import might_be_personal, redact
from .projects import amount
from .readers import read_document
from .readers.model import SourceDocument
from .schema import INDICATORS, PROJECTS
from .search import chars_field
from .segment import segment
from .values import parse_value
from .vocab import categories
from .walk import extract_document

INDICATOR_FTS_COLUMNS = INDICATORS.fts
PROJECT_FTS_COLUMNS = PROJECTS.fts
# A prepared row's values, in this order (lists, not dicts: they cross from a worker process
# and are loaded a million at a time; the loader puts ids and the source file around them).
PROJECT_COLUMNS = PROJECTS.prepared
INDICATOR_COLUMNS = ("project_index", *INDICATORS.prepared)


@dataclass
class PreparedDocument:
    info: DocumentInfo
    projects: list[list] = field(default_factory=list)  # PROJECT_COLUMNS of each project
    indicators: list[list] = field(default_factory=list)  # INDICATOR_COLUMNS; project_index: in projects
    project_fts: list[list[str]] = field(default_factory=list)  # per project: PROJECT_FTS_COLUMNS, chars
    indicator_fts: list[list[str]] = field(default_factory=list)  # per indicator: INDICATOR_FTS_COLUMNS, chars
    problems: list[Problem] = field(default_factory=list)


def search_tokens(values: list[str | None]) -> list[str]:
    """The FTS5 columns of a row: jieba search-mode tokens of each value, then `chars`."""
    return [segment(v or "") for v in values] + [chars_field([v or "" for v in values])]


def _kind(extraction: Extraction) -> str:
    """The document's kind: its tables' kind, self-evaluation winning over target."""
    kinds = {p.table_kind for p in extraction.projects}
    return next((k for k in ("self_evaluation", "department", "target") if k in kinds), "")


def _project_row(project: Project, place: dict, source: SourceDocument) -> dict:
    return {
        **place,
        "name": project.name,
        "code": project.code or None,
        "budget_wan": project.budget_wan,
        "goal": project.goal or None,
        "is_department_wide": int(project.is_department_wide),
        "table_kind": project.table_kind,
        **_where(project.source_line, source),
    }


MAX_CELL = 4000  # characters: a real cell is far shorter; segmenting is quadratic in a cell's length
# The columns whose text comes from the document's cells (the rest are ours: places, kinds, locators).
_FROM_CELLS = frozenset(
    (
        "name",
        "code",
        "goal",
        "project",
        "level1",
        "level2",
        "level3",
        "value",
        "value_period",
        "value_for",
        "description",
        "basis",
        "actual",
        "deviation",
        "direction",
    )
)


def _redacted(row: dict, problems: list[Problem]) -> dict:
    """No person's name or phone number is stored, whatever the table printed (privacy.py); a
    cell longer than any real one is cut to MAX_CELL characters, and that is recorded. In place."""
    joined = "\x1f".join(filter(None, map(row.get, _FROM_CELLS)))  # these columns hold text or None
    if len(joined) <= MAX_CELL and not might_be_personal(joined):
        return row  # the common row, answered with one test
    for key in _FROM_CELLS:
        value = row.get(key)
        if not value or not isinstance(value, str):
            continue
        value = redact(value)
        if len(value) > MAX_CELL:
            problems.append(
                Problem(
                    row.get("source_line") or 0,
                    "overlong_cell",
                    f"{key} of {len(value)} characters cut to {MAX_CELL}",
                    value[:200],
                    row.get("source_locator") or "",
                )
            )
            value = value[:MAX_CELL]
        row[key] = value
    return row


def _where(line: int, source: SourceDocument) -> dict:
    """source_line for text files (their lines), source_locator for every file."""
    return {
        "source_line": (line or None) if source.format == "text" else None,
        "source_locator": source.locator(line) or None,
    }


def _indicator_row(index: int, project: Project, ind: Indicator, place: dict, source: SourceDocument) -> dict:
    parsed = parse_value(ind.value)
    level1_std, level2_std = categories().standard(ind.level1, ind.level2)
    return {
        "project_index": index,
        **_where(ind.source_line, source),
        **place,
        "project": project.name,
        "level1": ind.level1,
        "level2": ind.level2 or None,
        "level3": ind.level3,
        "value": ind.value or None,
        "value_period": ind.value_period or None,
        "value_for": ind.value_for or None,
        "description": ind.description or None,
        "basis": ind.basis or None,
        "actual": ind.actual or None,
        "weight": amount(ind.weight),
        "score": amount(ind.score),
        "deviation": ind.deviation or None,
        "direction": ind.direction or None,
        "table_kind": project.table_kind,
        "value_op": parsed.op or None,
        "value_num": parsed.num,
        "value_unit": parsed.unit or None,
        "value_kind": ind.kind or parsed.kind or None,
        "level1_std": level1_std or None,
        "level2_std": level2_std or None,
    }


def prepare_source(source: SourceDocument) -> PreparedDocument:
    """Parse and tokenize one document read by a reader."""
    info = document_info(source.lines)
    source.lines = []  # read for the metadata only; a document's text can be large
    extraction = extract_document(source.rows)
    info.kind, info.format, info.pages = _kind(extraction), source.format, source.pages
    # Where and when, on projects as on indicators: both tables facet and filter by them.
    place = {"department": info.department, "city": info.city, "province": info.province, "year": info.year}
    problems = list(source.problems) + list(extraction.problems)
    projects = [_redacted(_project_row(p, place, source), problems) for p in extraction.projects]
    indicators = [
        _redacted(_indicator_row(index, project, ind, place, source), problems)
        for index, project in enumerate(extraction.projects)
        for ind in project.indicators
    ]
    for problem in problems:
        problem.message, problem.raw = redact(problem.message), redact(problem.raw)
    if not indicators:
        problems.append(
            Problem(0, "no_indicator_tables", "no performance-target table found; document indexed with 0 indicators")
        )
    for problem in problems:
        problem.locator = problem.locator or source.locator(problem.source_line)
    return PreparedDocument(
        info,
        [[p[c] for c in PROJECT_COLUMNS] for p in projects],
        [[i[c] for c in INDICATOR_COLUMNS] for i in indicators],
        [search_tokens([p[c] for c in PROJECT_FTS_COLUMNS]) for p in projects],
        [search_tokens([i[c] for c in INDICATOR_FTS_COLUMNS]) for i in indicators],
        problems,
    )


def prepare_document(path: Path) -> PreparedDocument:
    """Read, parse and tokenize one document; ReadError if it is not a readable disclosure."""
    return prepare_source(read_document(path))
