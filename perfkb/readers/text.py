"""Text files (a PDF or DOCX already converted to text, a page saved as text): the row
reconstruction of rows.py, each row located by its line number."""

from __future__ import annotations

from pathlib import Path

from ..reading import read_lines
from ..rows import reconstruct_rows
from ..simplify import simplify_lines
from .model import SourceDocument


def read(path: Path, format: str = "text") -> SourceDocument:
    lines = simplify_lines(read_lines(path))
    return SourceDocument(format, lines, reconstruct_rows(lines))
