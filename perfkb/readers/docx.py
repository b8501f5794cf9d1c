"""Word documents (.docx) with python-docx: the body's paragraphs and tables in order, spans
from the XML (w:gridSpan, w:vMerge), since python-docx's row.cells repeats a merged cell once
per grid column and row it covers."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..reading import ReadError
from .common import clean_text
from .model import Block, Cell, Paragraph, SourceDocument, Table, flatten

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class _Walk:
    blocks: list[Block] = field(default_factory=list)
    paragraphs: int = 0
    tables: int = 0


def read(path: Path, format: str = "docx") -> SourceDocument:
    return flatten(blocks(path), format)


def blocks(path: Path) -> list[Block]:
    import docx

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ReadError(f"not a readable Word document ({type(error).__name__}: {error})") from None
    except Exception as error:  # python-docx raises PackageNotFoundError and others for broken files
        raise ReadError(f"not a readable Word document ({type(error).__name__}: {error})") from None
    walk = _Walk()
    _walk_body(document.element.body, walk)
    return walk.blocks


def _children(element):
    """Body-level w:p and w:tbl in order, looking through content controls (w:sdt)."""
    for child in element:
        if child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _children(content)
        elif child.tag in (f"{W}p", f"{W}tbl"):
            yield child


def _walk_body(element, walk: _Walk, blanks: bool = True) -> None:
    """blanks: an empty paragraph is kept as a blank line (the body's, not a cell's)."""
    for child in _children(element):
        if child.tag == f"{W}p":
            text = paragraph_text(child, tabs=True)
            if text:
                walk.paragraphs += 1
                walk.blocks.append(Paragraph(text, f"paragraph {walk.paragraphs}"))
            elif blanks and walk.blocks and isinstance(walk.blocks[-1], Paragraph):
                # an empty paragraph is a blank line: in a text typed in columns it parts rows
                walk.blocks[-1] = Paragraph(walk.blocks[-1].text + "\n", walk.blocks[-1].where)
        else:
            _walk_table(child, walk)


# What a run prints besides its w:t text (as python-docx's Run.text renders it).
_PRINTS = {f"{W}tab": "\t", f"{W}br": "\n", f"{W}cr": "\n", f"{W}noBreakHyphen": "-"}
# What is not printed text: properties, a tracked deletion, and a drawing's fallback copy of
# what its mc:Choice holds (a field's code is w:instrText, never w:t).
_UNPRINTED = {
    f"{W}pPr",
    f"{W}rPr",
    f"{W}del",
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
}


def paragraph_text(p, tabs: bool = False) -> str:
    """The paragraph's text, through every element Word wraps runs in: python-docx reads only
    w:r and w:hyperlink children, so a date in a smart tag (chsdate), a content control, a field's
    result or a tracked insertion would be lost. tabs: kept (a body paragraph of text typed in
    columns: a text file opened in Word), else read as spaces (in a table's cell)."""
    parts: list[str] = []
    _collect(p, parts)
    return clean_text("".join(parts), tabs)


# Word's Insert Symbol in the Symbol font writes w:sym, the character as the font's code (F0B3
# for ≥) in the private-use range: the Symbol font's mathematical signs as Unicode.
_SYMBOL_FONT = {0xB3: "≥", 0xA3: "≤", 0xB1: "±", 0xB4: "×", 0xB8: "÷", 0xB9: "≠", 0xBB: "≈", 0xB0: "°", 0x25: "%"}


def _symbol(font: str, code: str) -> str:
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    if font.lower() == "symbol":
        return _SYMBOL_FONT.get(value & 0xFF, "")
    return "" if 0xF000 <= value <= 0xF0FF else chr(value)  # another symbol font's picture (Wingdings)


def _collect(element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _UNPRINTED:
            continue  # a comment or processing instruction, or nothing printed
        if tag == f"{W}t":
            parts.append(child.text or "")
        elif tag in _PRINTS:
            parts.append(_PRINTS[tag])
        elif tag == f"{W}sym":
            parts.append(_symbol(child.get(f"{W}font", ""), child.get(f"{W}char", "")))
        else:
            _collect(child, parts)


def _walk_table(tbl, walk: _Walk) -> None:
    """One table as a Table block. A row holding a nested table ends the rows so far; the row's
    own text follows as paragraphs and its nested tables as tables of their own, in order (a
    table inside a cell is a table of its own, not text of the outer cell)."""
    walk.tables += 1
    where = f"table {walk.tables}"
    rows: list[list[Cell]] = []
    open_cells: dict[int, Cell] = {}  # grid column -> cell a vMerge may still extend down
    for tr in tbl.iterchildren(f"{W}tr"):
        tcs = [tc for tc in _row_cells(tr)]
        if any(tc.find(f".//{W}tbl") is not None for tc in tcs):
            if rows:
                walk.blocks.append(Table(rows, where))
            rows, open_cells = [], {}
            for tc in tcs:
                _walk_body(tc, walk, blanks=False)
            walk.tables += 1
            where = f"table {walk.tables}"
            continue
        cells: list[Cell] = []
        col = _grid_before(tr)
        if col:
            cells.append(Cell("", colspan=col))
        for tc in tcs:
            props = tc.find(f"{W}tcPr")
            span = _int_val(props, "gridSpan", 1)
            merge = props.find(f"{W}vMerge") if props is not None else None
            merge_val = merge.get(f"{W}val") if merge is not None else None
            above = open_cells.get(col)
            if merge is not None and merge_val in (None, "continue") and above is not None:
                above.rowspan += 1  # continues the cell above: not listed again
            else:
                paragraphs = (child for child in _children(tc) if child.tag == f"{W}p")
                text = "\n".join(t for t in map(paragraph_text, paragraphs) if t)
                cell = Cell(text, 1, span)
                cells.append(cell)
                for c in list(open_cells):
                    if col <= c < col + span:
                        del open_cells[c]
                if merge is not None:
                    open_cells[col] = cell
            col += span
        rows.append(cells)
    if rows:
        walk.blocks.append(Table(rows, where))
    else:
        walk.tables -= 1  # the last number went unused


def _row_cells(tr):
    """A row's w:tc, looking through content controls around cells."""
    for child in tr:
        if child.tag == f"{W}tc":
            yield child
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _row_cells(content)


def _grid_before(tr) -> int:
    return _int_val(tr.find(f"{W}trPr"), "gridBefore", 0)


def _int_val(props, name: str, default: int) -> int:
    if props is None:
        return default
    element = props.find(f"{W}{name}")
    try:
        return max(int(element.get(f"{W}val")), 0) if element is not None else default
    except (TypeError, ValueError):
        return default
