"""One document file -> its rows ready to store, search tokens included.

This is the per-document half of the build: it runs in worker processes (build.py), so it
takes a path and returns plain data; ids are given later, in file-name order, by the loader.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .document import DocumentInfo, document_info
from .models import Extraction, Problem
from .reading import read_lines
from .rows import reconstruct_rows
from .search import chars_field
from .segment import segment
from .values import parse_value
from .vocab import categories
from .walk import extract_document

INDICATOR_FTS_COLUMNS = ("project", "level1", "level2", "level3", "description", "basis")
PROJECT_FTS_COLUMNS = ("name", "goal")
# A prepared row's values, in this order (lists, not dicts: they cross from a worker process
# and are loaded a million at a time; the loader puts ids and the source file around them).
PROJECT_COLUMNS = ("department", "city", "province", "year", "name", "code", "budget_wan", "goal",
                   "is_department_wide", "source_line")
INDICATOR_COLUMNS = ("project_index", "source_line", "department", "city", "province", "year", "project",
                     "level1", "level2", "level3", "value", "value_period", "description", "basis",
                     "value_op", "value_num", "value_unit", "value_kind", "level1_std", "level2_std")


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


def _rows(extraction: Extraction, info: DocumentInfo) -> tuple[list[dict], list[dict]]:
    cats = categories()
    projects, indicators = [], []
    # Where and when, on projects as on indicators: both tables facet and filter by them.
    place = {"department": info.department, "city": info.city, "province": info.province, "year": info.year}
    for index, project in enumerate(extraction.projects):
        projects.append({
            **place, "name": project.name, "code": project.code or None, "budget_wan": project.budget_wan,
            "goal": project.goal or None, "is_department_wide": int(project.is_department_wide),
            "source_line": project.source_line,
        })
        for ind in project.indicators:
            parsed = parse_value(ind.value)
            level1_std, level2_std = cats.standard(ind.level1, ind.level2)
            indicators.append({
                "project_index": index, "source_line": ind.source_line, **place, "project": project.name,
                "level1": ind.level1, "level2": ind.level2 or None, "level3": ind.level3,
                "value": ind.value or None, "value_period": ind.value_period or None,
                "description": ind.description or None, "basis": ind.basis or None,
                "value_op": parsed.op or None, "value_num": parsed.num, "value_unit": parsed.unit or None,
                "value_kind": parsed.kind or None, "level1_std": level1_std or None,
                "level2_std": level2_std or None,
            })
    return projects, indicators


def prepare_document(path: Path) -> PreparedDocument:
    """Read, parse and tokenize one document; ReadError if it is not a readable disclosure."""
    lines = read_lines(path)
    info = document_info(lines)
    extraction = extract_document(reconstruct_rows(lines))
    del lines
    projects, indicators = _rows(extraction, info)
    problems = list(extraction.problems)
    if not indicators:
        problems.append(Problem(0, "no_indicator_tables",
                                "no performance-target table found; document indexed with 0 indicators"))
    return PreparedDocument(
        info, [[p[c] for c in PROJECT_COLUMNS] for p in projects],
        [[i[c] for c in INDICATOR_COLUMNS] for i in indicators],
        [search_tokens([p[c] for c in PROJECT_FTS_COLUMNS]) for p in projects],
        [search_tokens([i[c] for c in INDICATOR_FTS_COLUMNS]) for i in indicators],
        problems,
    )
