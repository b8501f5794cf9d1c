"""Delimited text (.csv): a table a data portal or a spreadsheet exported, its cells separated by
commas (or semicolons, or tabs, as the file's first lines show) and quoted where they hold one.
Read as a sheet is (common.sheet_blocks): each row located as a spreadsheet names it (A12:F12)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..reading import ReadError, decode_text
from .common import sheet_blocks
from .model import SourceDocument, flatten

_SAMPLE = 8192  # characters the delimiter is told from


def read(path: Path, format: str = "csv") -> SourceDocument:
    text = decode_text(path.read_bytes())
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:_SAMPLE], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # one column, or too little to tell: commas
    texts: dict[tuple[int, int], str] = {}
    try:
        for r, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            for c, cell in enumerate(row, start=1):
                if cell.strip():
                    texts[(r, c)] = cell.strip()
    except csv.Error as error:
        raise ReadError(f"not readable as delimited text ({error})") from None
    return flatten(sheet_blocks(path.stem, texts, []), format)
