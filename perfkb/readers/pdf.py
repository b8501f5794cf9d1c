"""PDF with pdfplumber: per page, tables from ruling lines (merged cells as spans, from the
table's cell boxes), tables found by text alignment (aligned.py) on pages without rules, and
the page text outside tables as paragraphs, all in reading order (top to bottom).

A table running over pages is one Table per page; the extraction treats the break between them
as a page break inside one table. A row the page break cut in two is joined here, where the
page geometry shows it (cut_rows.py). Pages without a text layer are reported as scanned_pdf,
pages in fonts without a map to Unicode as unmapped_pdf.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..models import Problem
from ..reading import ReadError
from ..tables import PAGE_NUMBER
from . import aligned, cut_rows, tabstops
from .common import clean_text, join_wrapped
from .model import Block, Cell, Paragraph, SourceDocument, Table, flatten

# Page numbers printed in headers/footers (tables.PAGE_NUMBER, and on a PDF's page edge "12" and
# "12/50" too): a lone line like this between two parts of a table would otherwise end the table.
_PAGE_NUMBER = re.compile(rf"[-—–\s]*\d{{1,4}}[-—–\s]*|\d{{1,4}}\s*/\s*\d{{1,4}}|{PAGE_NUMBER}")
_EDGE = 1.0  # points: a cell edge this close to a row/column line is on it
_SCAN_MAX_CHARS = 20
_UNMAPPED_SHARE = 0.3  # of a page's characters: more without a character, the page is unreadable
_SPREAD = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")
_RULE_WIDTH = 2.0  # points: a rule is drawn no thicker than this (a thin rectangle's short sides)
_FOOT = 3.0  # points: a table ending this close to the lowest table bottom runs to the page foot


def read(path: Path, format: str = "pdf") -> SourceDocument:
    import pdfplumber

    try:
        pdf = pdfplumber.open(path)
        pages = pdf.pages
    except Exception as error:  # pdfminer's syntax, encryption and stream errors have no common base
        raise ReadError(_why_unreadable(error)) from None
    items: list[list[tuple[float, Block]]] = []
    notes = PageNotes()
    geometry: dict[int, Geometry] = {}
    with pdf:
        for number, page in enumerate(pages, start=1):
            try:
                items.append(page_items(page, number, notes, geometry))
            except Exception as error:
                raise ReadError(f"page {number}: {_why_unreadable(error)}") from None
            page.close()  # drop the page's parsed objects: a long document stays small in memory
    if tabstops.typed_document(list(notes.typed.values()), notes.unruled):
        for number, typed in notes.typed.items():  # text typed with tabs: read as a text file's lines
            items[number - 1] = _paragraphs(typed.lines, number, tabs=True)
    drop_running_lines(items)
    by_page = [_join_paragraphs([block for _, block in page]) for page in items]
    join_cut_rows(by_page, geometry)
    doc = flatten([block for blocks in by_page for block in blocks], format, pages=len(pages))
    for kind, numbers, why in (
        ("scanned_pdf", notes.scanned, "no text layer (scanned?)"),
        ("unmapped_pdf", notes.unmapped, "text in fonts without a map to Unicode ((cid:…) codes; needs OCR)"),
    ):
        if numbers:
            several = len(numbers) > 1
            pages_named = f"page{'s' if several else ''} {', '.join(map(str, numbers))}"
            doc.problems.append(Problem(0, kind, f"{pages_named} {'have' if several else 'has'} {why}"))
    return doc


@dataclass
class PageNotes:
    """What the pages showed: the ones whose text cannot be read (scanned: images only;
    unmapped: printed in fonts that do not map their glyphs to characters, pdfminer gives
    (cid:1234) for each), and the ones without rules that may have been typed with tabs."""

    scanned: list[int] = field(default_factory=list)
    unmapped: list[int] = field(default_factory=list)
    unruled: int = 0  # pages with text and no ruled table
    typed: dict[int, tabstops.TypedPage] = field(default_factory=dict)  # of those, the ones lining up on tab stops


@dataclass
class Geometry:
    """Where a ruled table sits on its page: what join_cut_rows needs."""

    bottom: float
    columns: list[float]  # x of each column's left edge
    line: float  # height of a line of its text: a cut falls between lines, up to one above the foot
    wrapped: set[int]  # ids of its cells whose last line runs to the right edge (to_table)
    aligned: bool = False  # found by its text's alignment (aligned.py): a cell a column, no spans


def join_cut_rows(by_page: list[list[Block]], geometry: dict[int, Geometry]) -> None:
    """Join the rows a page break cut in two (cut_rows.py). A row is cut when a page's last
    block is a table running to the foot of the page (within a line of the lowest table bottom
    in the document), the next page starts with a table of the same columns, and that table's first row
    (after a repeated header) leaves empty a single-row cell the row above the break filled and
    goes on in a column where that row's text ran to the edge of its cell."""
    foot = max((g.bottom for g in geometry.values()), default=0.0)
    for blocks, following in zip(by_page, by_page[1:]):
        if not blocks or not following:
            continue
        head, tail = blocks[-1], following[0]
        if not (isinstance(head, Table) and isinstance(tail, Table) and id(head) in geometry and id(tail) in geometry):
            continue
        above, below = geometry[id(head)], geometry[id(tail)]
        if above.aligned and below.aligned:
            _widen(tail, below, above.columns)
        if (
            above.bottom < foot - max(_FOOT, 2 * above.line)
            or len(above.columns) != len(below.columns)
            or any(abs(a - b) > _FOOT for a, b in zip(above.columns, below.columns))
        ):
            continue
        index = cut_rows.tail_row(head, tail)
        if index is not None and cut_rows.looks_cut(
            head, tail, index, lambda cell, wrapped=above.wrapped: id(cell) in wrapped
        ):
            cut_rows.join_cut_row(head, tail, index)


def _widen(table: Table, geometry: Geometry, columns: list[float]) -> None:
    """An aligned table at a page's top that prints only some of the columns of the one before
    the break (its name and value columns) given those columns, empty where it prints nothing,
    so that a row the break cut can be joined."""
    if len(geometry.columns) >= len(columns):
        return
    at = [next((i for i, x in enumerate(columns) if abs(x - own) <= _FOOT), None) for own in geometry.columns]
    if None in at or at != sorted(at):
        return
    for r, row in enumerate(table.rows):
        cells = [Cell("") for _ in columns]
        for i, cell in zip(at, row):
            cells[i] = cell
        table.rows[r] = cells
    geometry.columns = columns


def _why_unreadable(error: Exception) -> str:
    name = type(error).__name__
    cause = error.__cause__ or next(iter(error.args), None)
    text = f"{name}: {error}" + (f" ({type(cause).__name__})" if isinstance(cause, Exception) else "")
    if "Password" in text or "Encrypt" in text:
        return "encrypted PDF (needs a password to open)"
    return f"not a readable PDF ({text})"


def page_blocks(page, number: int, notes: PageNotes, geometry: dict[int, Geometry] | None = None) -> list[Block]:
    """The page's tables and paragraphs, top to bottom; each ruled table's place in geometry."""
    return _join_paragraphs([block for _, block in page_items(page, number, notes, geometry)])


def page_items(
    page, number: int, notes: PageNotes, geometry: dict[int, Geometry] | None = None
) -> list[tuple[float, Block]]:
    """(top, block) of the page's tables and of each text line (one Paragraph a line)."""
    if _is_scanned(page):
        notes.scanned.append(number)
        return []
    if _is_unmapped(page):
        notes.unmapped.append(number)  # its text would be (cid:…) codes: rows of nothing
        return []
    if not page.chars:
        return []  # a blank page
    line_height = _median_height(page.chars)
    settings = _table_settings(line_height)
    settings["explicit_horizontal_lines"] = closing_rules(page.edges, settings.get("join_tolerance", 3.0))
    found = sorted(page.find_tables(settings), key=lambda t: (t.bbox[1], t.bbox[0]))
    items: list[tuple[float, Block]] = []
    if found:
        for index, table in enumerate(found, start=1):
            wrapped: set[int] = set()
            block = to_table(table, f"page {number}, table {index}", wrapped)
            items.append((table.bbox[1], block))
            if geometry is not None:
                geometry[id(block)] = Geometry(
                    table.bbox[3], sorted({cell[0] for cell in table.cells}), line_height, wrapped
                )
        boxes = [t.bbox for t in found]
        outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
        lines = [(line["top"], line["text"]) for line in outside.extract_text_lines(return_chars=False)]
    else:  # no ruled table: a table may still be printed in aligned columns, or typed with tabs
        notes.unruled += 1
        if typed := tabstops.typed_page(page.extract_text_lines(return_chars=True, strip=False), page.width):
            notes.typed[number] = typed  # read so if the whole document was typed so (read)
        words = _words(page)
        # a page number under the table would line up with its first column
        words = [w for line in aligned.lines_of(words) if not _PAGE_NUMBER.fullmatch(line.text) for w in line.words]
        lines = []
        index = 0
        for top, item in aligned.find(words):
            if isinstance(item, aligned.Found):
                index += 1
                item.table.where = f"page {number}, table {index}"
                items.append((top, item.table))
                if geometry is not None:
                    geometry[id(item.table)] = Geometry(
                        item.bottom, item.columns, item.line, item.wrapped, aligned=True
                    )
            else:
                lines.append((top, item.text))
    items += _paragraphs(lines, number)
    items.sort(key=lambda item: item[0])  # stable: a table before text starting at the same height
    return items


def _words(page) -> list[aligned.Word]:
    """The page's words, split where characters are apart (a browser's cells are only a pixel
    or two apart), each set on its baseline: a Latin font's glyph box stands higher than a
    Chinese one's on the same line, and the pitch of a cell's lines is told from its rows' by a
    point or two."""
    out = []
    for word in page.extract_words(x_tolerance=1, return_chars=True):
        baseline = max(c["top"] + c["y1"] - c["matrix"][5] for c in word["chars"])
        height = word["bottom"] - word["top"]
        out.append(aligned.Word(word["x0"], word["x1"], baseline - height, baseline, word["text"]))
    return out


def _paragraphs(lines: list[tuple[float, str]], number: int, tabs: bool = False) -> list[tuple[float, Block]]:
    """(top, Paragraph) of each text line but page numbers."""
    texts = ((top, clean_text(line, tabs)) for top, line in lines)
    return [
        (top, Paragraph(text, f"page {number}")) for top, text in texts if text and not _PAGE_NUMBER.fullmatch(text)
    ]


def drop_running_lines(by_page: list[list[tuple[float, Block]]]) -> None:
    """Remove running headers and footers after their first page: a text line printed at the
    same height on several pages (digits aside: 第 3 页). Between two parts of a table it would
    end the table."""

    def key(top: float, text: str) -> tuple[str, int]:
        return re.sub(r"\d+", "#", text), round(top / 3)

    pages: dict[tuple[str, int], int] = {}
    for items in by_page:
        for line in {key(top, b.text) for top, b in items if isinstance(b, Paragraph)}:
            pages[line] = pages.get(line, 0) + 1
    running = {line for line, count in pages.items() if count >= max(3, 0.3 * len(by_page))}
    seen: set[tuple[str, int]] = set()  # the first one stays: it may be all that names the document
    for items in by_page:
        kept = []
        for top, block in items:
            line = key(top, block.text) if isinstance(block, Paragraph) else None
            if line in running and line in seen:
                continue
            seen.add(line) if line in running else None
            kept.append((top, block))
        items[:] = kept


def _is_scanned(page) -> bool:
    """An image over most of the page and no more text than a stamped page number: a scan."""
    if len(page.chars) > _SCAN_MAX_CHARS or not page.images:
        return False
    area = sum(
        max(0.0, min(i["x1"], page.width) - max(i["x0"], 0))
        * max(0.0, min(i["bottom"], page.height) - max(i["top"], 0))
        for i in page.images
    )
    return area > 0.5 * page.width * page.height


def _is_unmapped(page) -> bool:
    """Most of the page's characters are glyph codes with no character (a font embedded without
    its ToUnicode map): its text cannot be read without OCR."""
    chars = [c["text"] for c in page.chars if not c["text"].isspace()]
    return bool(chars) and sum(text.startswith("(cid:") for text in chars) > _UNMAPPED_SHARE * len(chars)


def _median_height(chars: list[dict]) -> float:
    heights = sorted(c["bottom"] - c["top"] for c in chars)
    return heights[len(heights) // 2]


def _table_settings(line: float) -> dict:
    """pdfplumber snaps and joins ruling lines closer than 3 pt: in small print (a wide sheet
    fitted to the page) that is a whole row, so the tolerances follow the characters' size."""
    tolerance = round(min(3.0, max(0.5, line * 0.3)), 2)
    if tolerance >= 3.0:
        return {}
    return {"snap_tolerance": tolerance, "join_tolerance": tolerance, "intersection_tolerance": tolerance}


def closing_rules(edges: list[dict], tolerance: float) -> list[dict]:
    """The rules a page break left out. A merged cell running over a page break (一级指标 over
    rows on two pages) is printed without its rule at the break: on the page it goes on to, its
    column has no top, so pdfplumber finds no cell there and drops the column. Where a vertical
    rule ends with no horizontal rule through that end, a rule is drawn from it to the nearest
    vertical rules ending at the same height on either side. A rule drawn a row at a time is
    joined first (as pdfplumber joins it), so only its ends count: not where a merged cell's
    neighbours end their rows."""
    from pdfplumber.table import merge_edges

    vertical = merge_edges([e for e in edges if e["orientation"] == "v"], tolerance, tolerance, tolerance, tolerance)
    across: dict[int, list[tuple[float, float]]] = {}  # horizontal rules by height
    for e in edges:  # not the ends of a rule drawn as a thin rectangle: rules across it
        if e["orientation"] == "h" and e["x1"] - e["x0"] > _RULE_WIDTH:
            across.setdefault(round(e["top"]), []).append((e["x0"], e["x1"]))
    ends: dict[int, list[tuple[float, float]]] = {}  # vertical rules' ends (x, y) by height
    for e in vertical:
        for y in (e["top"], e["bottom"]):
            ends.setdefault(round(y), []).append((e["x0"], y))

    def ruled(x: float, y: float) -> bool:
        return any(x0 - _EDGE <= x <= x1 + _EDGE for k in (-1, 0, 1) for x0, x1 in across.get(round(y) + k, ()))

    rules: list[dict] = []
    for key, points in ends.items():
        level = [p for k in (-1, 0, 1) for p in ends.get(key + k, ()) if abs(p[1] - points[0][1]) <= _EDGE]
        for x, y in points:
            if ruled(x, y):
                continue
            left = max((p[0] for p in level if p[0] < x - _EDGE), default=None)
            right = min((p[0] for p in level if p[0] > x + _EDGE), default=None)
            for x0, x1 in ((left, x), (x, right)):
                if x0 is not None and x1 is not None:
                    rules.append(
                        {
                            "object_type": "line_edge",
                            "orientation": "h",
                            "x0": x0,
                            "x1": x1,
                            "width": x1 - x0,
                            "top": y,
                            "bottom": y,
                            "height": 0.0,
                            "doctop": y,
                        }
                    )
    return rules


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _join_paragraphs(blocks: list[Block]) -> list[Block]:
    """Consecutive text lines of a page as one Paragraph (one row each when flattened)."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph) and out and isinstance(out[-1], Paragraph):
            out[-1] = Paragraph(out[-1].text + "\n" + block.text, block.where)
        else:
            out.append(block)
    return out


def to_table(table, where: str, wrapped: set[int] | None = None) -> Table:
    """A pdfplumber table as a Table: a cell box covering several row/column lines is a span,
    so a merged 一级指标 is one cell over its rows, not text and then empty strings. `wrapped`
    collects the ids of cells whose last line runs to the cell's right edge (their text may go
    on below: on the next page, if the row was cut)."""
    tops = sorted({cell[1] for cell in table.cells})
    xs = sorted({cell[0] for cell in table.cells})
    owner: dict[tuple[int, int], Cell] = {}  # grid position -> the cell covering it
    boxes: dict[int, tuple[float, float, float, float]] = {}
    rows: list[list[Cell]] = []
    for r, row in enumerate(table.rows):
        cells: list[Cell] = []
        for c, box in enumerate(row.cells):
            if box is None:
                if (r, c) not in owner:  # a hole no cell covers: keep the columns in place
                    cells.append(Cell(""))
                continue
            rowspan = max(bisect.bisect_left(tops, box[3] - _EDGE) - r, 1)
            colspan = max(bisect.bisect_left(xs, box[2] - _EDGE) - c, 1)
            cell = Cell("", rowspan, colspan)
            boxes[id(cell)] = box
            owner.update({(r + dr, c + dc): cell for dr in range(rowspan) for dc in range(colspan)})
            cells.append(cell)
        rows.append(cells)
    # Each character to the cell its middle is in, in one pass (pdfplumber's Table.extract
    # scans every character once per row and again per cell).
    chars: dict[int, list[dict]] = {}
    x0, top, x1, bottom = table.bbox
    for char in table.page.chars:
        h = (char["x0"] + char["x1"]) / 2
        v = (char["top"] + char["bottom"]) / 2
        if not (x0 <= h < x1 and top <= v < bottom):
            continue
        cell = owner.get((bisect.bisect_right(tops, v) - 1, bisect.bisect_right(xs, h) - 1))
        if cell is not None:
            box = boxes[id(cell)]
            if box[0] <= h < box[2] and box[1] <= v < box[3]:
                chars.setdefault(id(cell), []).append(char)
    for cells in rows:
        for cell in cells:
            if id(cell) in chars:
                cell.text = _cell_text(chars[id(cell)])
                if wrapped is not None and _ends_full(chars[id(cell)], boxes[id(cell)]):
                    wrapped.add(id(cell))
    return Table(rows, where)


def _ends_full(chars: list[dict], box: tuple[float, float, float, float]) -> bool:
    """The cell's last line reaches its right edge (within a character, the left padding
    taken as the right one): the line wrapped, it did not end its paragraph."""
    last_top = max(c["top"] for c in chars)
    last = [c for c in chars if c["top"] >= last_top - 1 and not c["text"].isspace()]
    if not last:
        return False
    padding = min(c["x0"] for c in chars) - box[0]
    width = max(c["x1"] - c["x0"] for c in last)
    return max(c["x1"] for c in last) >= box[2] - padding - 1.2 * width


def _cell_text(chars: list[dict]) -> str:
    from pdfplumber.utils import extract_text

    # Lines closer than pdfplumber's default 3 pt are still two lines when the print is small
    # (a sheet fitted to the page): the tolerance follows the characters' size.
    tolerance = min(3.0, max(0.5, _median_height(chars) * 0.4))
    # blank characters kept: a space where a line wrapped is part of the text
    text = join_wrapped(extract_text(chars, keep_blank_chars=True, y_tolerance=tolerance))
    # a cell's text spread over its width (分散对齐: 购 置 车 辆) leaves gaps pdfplumber reads as
    # spaces; between two Chinese characters a space is that, not the text's
    return _SPREAD.sub("", text) if " " in text else text
