"""Reconstructing table rows from text lines.

Two conversions reach us. PDF conversions print a row per line, cells separated by tabs.
DOCX conversions print one cell per line (a leading tab, then the cell), rows separated by
blank lines, and a cell's own line breaks continue without the tab.
"""
from __future__ import annotations

import re

from .models import Row

_CELL_LINE = re.compile(r"\t[^\t]*\t*")
_MARKUP = re.compile(r"\[bookmark:[^\]]*\]|^#+\s+")


def clean_cell(text: str) -> str:
    if "[" in text or "#" in text:  # only then can there be markup; most cells have none
        text = _MARKUP.sub("", text)
    return text.strip()


def is_cell_per_line(lines: list[str]) -> bool:
    """Most tab-bearing lines hold a single leading-tab cell: the DOCX layout."""
    tabbed = [line for line in lines if "\t" in line]
    if len(tabbed) < 10:
        return False
    single = sum(1 for line in tabbed if _CELL_LINE.fullmatch(line))
    return single / len(tabbed) > 0.8


def _tab_rows(lines: list[str]) -> list[Row | None]:
    rows: list[Row | None] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            rows.append(None)
            continue
        cells = line.split("\t")
        # Markup ([bookmark:…], # headings) is rare: most lines need only stripping.
        rows.append(Row(number, [clean_cell(c) for c in cells] if "[" in line or "#" in line
                        else [c.strip() for c in cells]))
    return rows


def _cell_per_line_rows(lines: list[str]) -> list[Row | None]:
    rows: list[Row | None] = []
    current: Row | None = None
    for number, line in enumerate(lines, start=1):
        if not line.strip() and not _CELL_LINE.fullmatch(line):
            if current is not None:
                rows.append(current)
                current = None
            rows.append(None)
            continue
        if _CELL_LINE.fullmatch(line):
            cell = clean_cell(line)
            if current is None:
                current = Row(number, [cell])
            else:
                current.cells.append(cell)
        elif current is not None:
            # A line without the leading tab continues the previous cell.
            current.cells[-1] = (current.cells[-1] + "\n" + clean_cell(line)).strip()
        else:
            rows.append(Row(number, [clean_cell(line)]))
    if current is not None:
        rows.append(current)
    return rows


def reconstruct_rows(lines: list[str]) -> list[Row | None]:
    """Rows in document order; None marks a blank line (a possible page break)."""
    if is_cell_per_line(lines):
        return _cell_per_line_rows(lines)
    return _tab_rows(lines)
