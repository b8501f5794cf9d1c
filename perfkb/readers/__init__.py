"""Readers: one module per file format, each turning a file into a SourceDocument (model.py).

A reader raises reading.ReadError, naming what is wrong, for a file it cannot read (encrypted,
corrupt, not the format its name says); the build records that as an `unreadable` problem.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from ..reading import ReadError
from .model import SourceDocument

# suffix -> (module in this package, format name stored in documents.format)
FORMATS = {
    ".txt": ("text", "text"),
    ".text": ("text", "text"),
    ".md": ("text", "text"),
    ".pdf": ("pdf", "pdf"),
    ".docx": ("docx", "docx"),
    ".doc": ("legacy", "doc"),
    ".xlsx": ("xlsx", "xlsx"),
    ".xlsm": ("xlsx", "xlsx"),
    ".xls": ("legacy", "xls"),
    ".csv": ("delimited", "csv"),
    ".html": ("html", "html"),
    ".htm": ("html", "html"),
    ".shtml": ("html", "html"),
}


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in FORMATS


def read_document(path: Path) -> SourceDocument:
    """The file's blocks as rows, by the reader for its suffix."""
    entry = FORMATS.get(path.suffix.lower())
    if entry is None:
        raise ReadError(f"unsupported file type {path.suffix or '(none)'}: PerfKB reads {', '.join(sorted(FORMATS))}")
    module, format = entry
    return import_module(f".{module}", __name__).read(path, format)
