"""Excel workbooks (.xlsx, .xlsm) with openpyxl: every sheet's tables and title rows
(common.sheet_blocks), merged ranges as spans, each value as its cell displays it (0.95 under a
% format is 95%)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..reading import ReadError
from .common import display_value, sheet_blocks, workbook_document
from .model import Block, SourceDocument


def read(path: Path, format: str = "xlsx") -> SourceDocument:
    return workbook_document(blocks, path, format)


def blocks(path: Path, hidden: list[str] | None = None) -> list[Block]:
    """The visible sheets' blocks; the names of hidden ones are added to `hidden`."""
    import openpyxl  # imported here: only workbooks need it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # Not read_only: merged ranges are only known to the full loader. A file object, not
        # the path: openpyxl refuses a workbook by its name (a .xlsx saved as .xls).
        with path.open("rb") as file:
            book = openpyxl.load_workbook(file, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, InvalidFileException) as error:
        raise ReadError(f"not a readable Excel workbook ({type(error).__name__}: {error})") from None
    blocks: list[Block] = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            if hidden is not None:
                hidden.append(sheet.title)
            continue
        texts: dict[tuple[int, int], str] = {}
        for cell in _stored_cells(sheet):
            if cell.value is not None:
                text = display_value(cell.value, cell.number_format).strip()
                if text:
                    texts[(cell.row, cell.column)] = text
        merges = [(m.min_row, m.max_row, m.min_col, m.max_col) for m in sheet.merged_cells.ranges]
        blocks.extend(sheet_blocks(sheet.title, texts, merges))
    book.close()
    return blocks


def _stored_cells(sheet):
    """The cells the file holds. iter_rows() walks the sheet's whole rectangle, making a cell at
    every place: one formatted cell at row 1,048,576 made a three-row form take a minute. The
    loaded cells are kept in the worksheet's _cells (not public API: iter_rows where it is gone)."""
    stored = getattr(sheet, "_cells", None)
    if isinstance(stored, dict):
        return list(stored.values())
    return [cell for row in sheet.iter_rows() for cell in row]
