"""The table model every reader produces: a document is a sequence of blocks (paragraphs and
tables), a table a grid of cells with their spans, and every row carries a locator.

Readers build `Block`s; `flatten` turns them into the rows the extraction walks (models.Row),
spreading a merged cell's text over every row it covers (a span is a fact of the file, not a
guess the parser should make by filling down) and leaving the columns it covers to its right
empty (so the cells of a row stay in their header's columns).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Problem, Row
from ..simplify import simplifier


@dataclass
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Paragraph:
    text: str
    where: str  # "page 3", "paragraph 12"


@dataclass
class Table:
    """Rows of cells as HTML writes them: each row lists only the cells that start in it, left
    to right; a cell spanning rows from above occupies its columns without being listed again."""

    rows: list[list[Cell]]
    where: str  # "page 4, table 2", "Sheet1", "table 3"
    row_names: list[str] | None = None  # how each row is named in its file (Excel: "12"); default 1, 2, …
    row_locators: list[str] | None = None  # each row's whole locator where the file has its own (Sheet1!A12:F12)


Block = Paragraph | Table


@dataclass
class SourceDocument:
    """What a reader gives the extraction: the rows in document order (None = a break between
    blocks, as a blank line is in text), the text for the document's metadata, and where each
    row is in the file."""

    format: str  # text, pdf, docx, doc, xlsx, xls, html
    lines: list[str]
    rows: list[Row | None]
    locators: dict[int, str] = field(default_factory=dict)  # Row.line -> "page 4, table 2, row 7"
    pages: int | None = None
    problems: list[Problem] = field(default_factory=list)

    def locator(self, line: int) -> str:
        return self.locators.get(line) or (f"line {line}" if line else "")


def grid(table: Table) -> list[list[str]]:
    """The table as a rectangle of texts, merged cells spread down the rows they cover and the
    columns they cover to the right left empty."""
    out: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}  # (row, column) taken by a cell from a row above
    for r, cells in enumerate(table.rows):
        row: list[str] = []
        col = 0
        queue = list(cells)
        while queue or (r, col) in pending:
            if (r, col) in pending:
                row.append(pending.pop((r, col)))
                col += 1
                continue
            cell = queue.pop(0)
            text = cell.text.strip()
            for c in range(max(cell.colspan, 1)):
                row.append(text if c == 0 else "")
                for below in range(1, max(cell.rowspan, 1)):
                    pending[(r + below, col + c)] = text if c == 0 else ""
            col += max(cell.colspan, 1)
        out.append(row)
    width = max((len(row) for row in out), default=0)
    return [row + [""] * (width - len(row)) for row in out]


def flatten(blocks: list[Block], format: str, pages: int | None = None) -> SourceDocument:
    """Blocks -> rows numbered from 1 in document order, each with its locator."""
    from ..rows import reconstruct_rows
    from .common import join_wrapped  # common builds on this module's blocks

    doc = SourceDocument(format, [], [], pages=pages)
    number = 0
    text: list[tuple[str, str]] = []  # (line, locator) of the paragraphs since the last table

    def add_text() -> None:
        """The paragraphs' lines read as a text file's are (rows.py): a text typed in columns
        (tabs, pipes, spaces) and pasted into Word or a page is a table all the same."""
        nonlocal number
        lines = [line for line, _ in text]  # blank lines too: they part a text's rows
        for row in reconstruct_rows(lines):
            if row is None:
                doc.rows.append(None)
                continue
            where = text[row.line - 1][1]
            number += 1
            row.line = number
            doc.rows.append(row)
            doc.locators[number] = where
            doc.lines.append("\t".join(row.cells))
        text.clear()

    for block in blocks:
        if isinstance(block, Paragraph):
            text.extend((line, block.where) for line in block.text.split("\n"))
            continue
        add_text()
        doc.rows.append(None)  # a table starts: what came before was not its row
        names = table_row_names(block)
        for r, cells in enumerate(grid(block)):
            if not any(cells):
                continue
            # a break typed in a cell (数量\n指标, 购置\n车辆) is not a break in its text
            cells = [join_wrapped(cell, items=True) if "\n" in cell else cell for cell in cells]
            number += 1
            doc.rows.append(Row(number, cells, gridded=True))
            doc.locators[number] = block.row_locators[r] if block.row_locators else f"{block.where}, row {names[r]}"
            doc.lines.append("\t".join(cells))
        doc.rows.append(None)
    add_text()
    # as a text document is (readers/text.py): a web page saved from a mirror may be traditional
    simplify = simplifier(doc.lines)
    doc.lines = [simplify(line) for line in doc.lines]
    for row in doc.rows:
        if row is not None:
            row.cells = [simplify(cell) for cell in row.cells]
    return doc


def table_row_names(table: Table) -> list[str]:
    return table.row_names or [str(r) for r in range(1, len(table.rows) + 1)]
