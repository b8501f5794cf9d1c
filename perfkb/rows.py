"""Reconstructing table rows from text lines.

PDF conversions print a row per line, cells separated by tabs. DOCX conversions print one cell
per line (a leading tab, then the cell), rows separated by blank lines, and a cell's own line
breaks continue without the tab. Web pages saved as text end every cell with '|' (a row's cells
on one line, or one per line; a run of '||' pads a row to the table's width and ends it), and
spreadsheets saved as text separate cells by spaces. Where a flattening loses the row
boundaries, streams.py finds them again from the header.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .extract import LOST_LABEL
from .glued import (
    MIN_LENGTH,
    MIN_NUMBERED,
    fragment_rows,
    glued_block,
    glued_header,
    glued_rows,
    glued_rows_below,
    headerless_rows_a_line,
    labelled_from,
    numbered_rows,
)
from .models import Row
from .streams import header_run, split_long_rows
from .tables import PAGE_NUMBER, has_value_column, header_layout, header_role, unknown_column_name
from .values import cell_part
from .vocab import categories

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
    number = 0
    while number < len(lines):
        line = lines[number]
        number += 1
        if not line.strip():
            rows.append(None)
            continue
        if "\t" not in line and len(line) < MIN_LENGTH and (block := glued_block(lines, number - 1)):
            rows.extend(block[0])  # a glued header on a line of its own, then a glued row a line
            number = block[1]
            continue
        if "\t" not in line and (run := headerless_rows_a_line(lines, number - 1)) is not None:
            first, found, end = run
            del rows[len(rows) - (number - 1 - first) :]  # its rows before this line, read as text a line each
            rows.extend(found)
            number = end
            continue
        if line.lstrip().startswith("1、") and (paged := _paged_glued(lines, number - 1)):
            rows.extend(paged[0])
            number = paged[1]
            continue
        if len(line) >= MIN_LENGTH and "\t" not in line:
            # A whole table on one line: cells split by single spaces (a header among them), else
            # glued together and split at its vocabulary.
            glued = "".join(line.split())
            found = _spaced_table_line(line, number)
            if not found and (found := glued_rows(glued, number)):
                found, number = _glued_wrapped(found, lines, number - 1)
                found, number = glued_rows_below(found, lines, number - 1)  # its rows may go on a line each
            found = found or _numbered_rows(line, number) or fragment_rows(glued, number)
            if found:
                rows.extend(found)
                continue
            if block := glued_block(lines, number - 1):
                rows.extend(block[0])  # a long glued header (a sub-header's names before it), a row a line
                number = block[1]
                continue
        cells = line.split("\t")
        # Markup ([bookmark:…], # headings) is rare: most lines need only stripping.
        rows.append(
            Row(
                number,
                [clean_cell(c) for c in cells] if "[" in line or "#" in line else list(map(str.strip, cells)),
                gridded=len(cells) > 1,
            )
        )
    return rows


def _paged_glued(lines: list[str], start: int) -> tuple[list[Row], int] | None:
    """A glued table as a document-sharing site prints it, a page a line, each page opening with
    its number (1、… 2、… 3、…) and breaking a row or a cell anywhere: the pages joined without
    their numbers and split as one glued table, each row at the line its text starts on; with
    the index of the line after the pages. None unless the joined pages hold a glued table."""
    at_line = [start]  # the line of each page; blank lines may stand between pages
    k = start + 1
    while k < len(lines):
        if lines[k].lstrip().startswith(f"{len(at_line) + 1}、"):
            at_line.append(k)
        elif lines[k].strip():
            break
        k += 1
    if len(at_line) < 2:
        return None
    pages = ["".join(lines[k].lstrip()[len(f"{n + 1}、") :].split()) for n, k in enumerate(at_line)]
    rows = glued_rows("".join(pages), start + 1)
    if not rows:
        return None
    return _at_lines(rows, pages, at_line), at_line[-1] + 1


def _glued_wrapped(found: list[Row], lines: list[str], start: int) -> tuple[list[Row], int]:
    """A whole glued table on line start (found: glued_rows) that breaks off at the line's end,
    inside a row perhaps, and goes on, with more rows, on the next long lines (a page's breaks):
    the lines joined while each adds rows, each row at the line its text starts on; with the
    number of the last line read."""
    pieces, at_line, best = ["".join(lines[start].split())], [start], found
    k = start + 1
    while k < len(lines) and k - start <= _JOINED_LINES and _goes_on(lines[k]):
        more = glued_rows("".join(pieces) + "".join(lines[k].split()), start + 1)
        if more is None or _read(more) <= _read(best):
            break
        pieces.append("".join(lines[k].split()))
        at_line.append(k)
        best, k = more, k + 1
    return (_at_lines(best, pieces, at_line), k) if best is not found else (found, start + 1)


_JOINED_LINES = 3  # the most lines a glued table's text is joined over


def _goes_on(line: str) -> bool:
    """A glued table's text may go on on this line: it is long, holds no tab and no glued
    header of its own (another table)."""
    return len(line) >= MIN_LENGTH and "\t" not in line and glued_header("".join(line.split())) is None


def _read(rows: list[Row]) -> int:
    """How many rows a glued split read (a row holds more than one cell and no unplaced text)."""
    return sum(1 for row in rows if len(row.cells) > 1 and not row.unplaced)


def _at_lines(rows: list[Row], pieces: list[str], at_line: list[int]) -> list[Row]:
    """Rows split from lines' texts joined (pieces, from the 0-based lines at_line), each moved to
    the line its first cell's text starts on."""
    text = "".join(pieces)
    piece_starts = [sum(map(len, pieces[:n])) for n in range(len(pieces))]
    at = 0
    for row in rows:
        first = next((c for c in row.cells if c), "")
        found = text.find(first, at) if first else -1
        if found >= 0:
            at = found
        row.line = at_line[bisect_right(piece_starts, at) - 1] + 1
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


_ROW_END = re.compile(r"\|\s*\|\s*$")  # a run of pipes pads the row to the table's width
_SPACES = re.compile(r"\s+")
_RULE = re.compile(r"^\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*$")


def is_piped(lines: list[str]) -> bool:
    """Cells end with '|' (a web page saved as text), and tabs do not separate them (a stray tab
    or two does not make a tab-separated table)."""
    piped = [line for line in lines if "|" in line]
    if len(piped) < 2 or sum(1 for line in lines if "\t" in line) >= len(piped) / 2:
        return False
    # a page's few '|' lines (a menu, a breadcrumb) are no table: several rows, a header, or
    # rows printing a category label in a cell of their own (an excerpt cut to a table's rows) are
    return (
        len(piped) >= 5
        or any(header_layout(Row(0, line.strip(" |").split("|"))) for line in piped)
        or sum(1 for line in piped if any(map(categories().is_label, line.split("|")))) >= _LABELLED_LINES
    )


_LABELLED_LINES = 2


def _lone_pipe_cells(lines: list[str]) -> bool:
    """Each cell on a line of its own and a lone '|' line after it (and for an empty cell)."""
    piped = [line.strip() for line in lines if "|" in line]
    return sum(1 for line in piped if line == "|") > len(piped) / 2


def _wrapped(pieces: list[str]) -> str:
    """A cell's text wrapped over lines, joined: Chinese runs on, other words take a space."""
    out = ""
    for piece in pieces:
        piece = piece.strip()
        if out and piece and not (_CJK.match(out[-1]) or _CJK.match(piece[0])):
            out += " "
        out += piece
    return out


_CJK = re.compile(r"[\u4e00-\u9fff，。、；：（）]")
_ONE_PIPED_CELL = re.compile(r"[^|]+\|")  # 公开赛等系列品牌赛事 |: a cell ended by its '|'


def _one_cell_lines(lines: list[str]) -> bool:
    """Most '|' lines hold one cell ended by its '|' (a cell a line): a line with no '|' before
    such a line is the start of that cell, wrapped."""
    piped = [line.strip() for line in lines if "|" in line]
    return sum(1 for line in piped if _ONE_PIPED_CELL.fullmatch(line)) > len(piped) / 2


_LEADING = re.compile(r"^\s*\|\s*[^|\s]")  # | 一级指标: the '|' before the cell


def _leading_pipe_cells(lines: list[str]) -> bool:
    """Each cell on a line of its own after a '|', a row's first cell at the line's start."""
    piped = [line for line in lines if "|" in line]
    return sum(1 for line in piped if _LEADING.match(line) and not line.rstrip().endswith("|")) > len(piped) / 2


def _leading_pipe_rows(lines: list[str]) -> list[Row | None]:
    """| before each cell but a row's first: a line at the margin starts a row, '| cell' lines
    add cells, an indented line without '|' goes on with the cell above (a wrapped label), and a
    line of pipes alone ends the row."""
    rows: list[Row | None] = []
    current: Row | None = None
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            continue
        if text.startswith("|"):
            cells = [clean_cell(c) for c in text[1:].split("|")]
            if current is None:
                current = Row(number, [])
            current.cells.extend(c for c in cells if c)
            if not any(cells):
                rows.append(current)  # | | or | ||: the row is complete
                current = None
        elif line[:1].isspace() and current is not None and current.cells:
            current.cells[-1] += clean_cell(text)
        else:
            if current is not None:
                rows.append(current)
            current = Row(number, [clean_cell(text)])
    if current is not None:
        rows.append(current)
    return rows


def _piped_rows(lines: list[str]) -> list[Row | None]:
    if _leading_pipe_cells(lines):
        return _leading_pipe_rows(lines)
    rows: list[Row | None] = []
    lone = _lone_pipe_cells(lines)
    texts = [line.strip() for line in lines if line.strip()]
    # every cell ended by a lone '|' (not a page with a few), merged cells printed once: a cell's
    # text lines are one cell, and each cell a row
    alternating = lone and sum(1 for text in texts if text == "|") >= _ALTERNATING * len(texts)
    stream = alternating and _lone_cell_stream(texts)
    one_cell = _one_cell_lines(lines)
    current: Row | None = None
    pending: list[str] = []  # text lines of a cell whose '|' has not come yet
    pending_line = 0  # the line the first of them is on

    def flush() -> None:
        nonlocal current
        if current is not None and any(current.cells):
            rows.append(current)  # trailing empty cells kept: they tell how wide the row is
        current = None

    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if _RULE.match(text):
            continue  # a Markdown table's |---|---| line
        if "|" not in text:
            upcoming = next((later.strip() for later in lines[number : number + 3] if later.strip()), "")
            if lone:
                wrapped = upcoming.startswith("|") or (stream and _wrapped_in_narrow_cell(lines, number - 1))
            else:  # within a row a cell a line: its text wrapped before its '|'
                wrapped = one_cell and current is not None and bool(_ONE_PIPED_CELL.fullmatch(upcoming))
            if text and wrapped:
                pending_line = pending_line if pending else number
                pending.append(text)  # a cell whose '|' is on the next line (its text wrapped)
            elif text:
                flush()
                rows.append(Row(number, [clean_cell(text)]))
            elif not pending:
                flush()
                rows.append(None)
            continue
        if text.startswith("|") and not pending and not lone:
            flush()  # a row printed as | a | b |
            text = text[1:]
        parts = text.split("|")
        if (
            current is not None
            and not pending
            and sum(1 for part in parts[:-1] if part.strip()) >= ROW_CELLS
            and sum(1 for cell in current.cells if cell) >= ROW_CELLS
            and header_role(clean_cell(parts[0])) is None
        ):
            flush()  # a line of cells after a line of cells (not a header going on): a row a line
        if current is None:
            current = Row(pending_line if pending else number, [], gridded=not (lone or pending))
        else:
            current.gridded = False  # its cells run over lines, grouped: no sure column
        parts[0] = _wrapped(pending + [parts[0]])
        pending = []
        current.cells.extend(clean_cell(_SPACES.sub(" ", part)) for part in parts[:-1])
        if parts[-1].strip():
            pending, pending_line = [parts[-1].strip()], number
        if (not lone and (_ROW_END.search(text) or _header_ends(current, lines, number))) or (
            lone and (stream or _PIPES_ONLY.fullmatch(text))
        ):
            flush()  # padded to the table's width, or a whole header: the row is complete
    open_end = bool(pending) and current is not None
    if open_end:
        current.cells.append(clean_cell(_wrapped(pending)))
    flush()
    out = [
        Row(row.line, _trimmed(row.cells), gridded=row.gridded) if row is not None else None
        for row in split_long_rows(rows)
    ]
    if open_end and out and out[-1] is not None:
        out[-1].open_end = True  # every other cell ends with its '|': this one was cut
    return out


def _lone_cell_stream(texts: list[str]) -> bool:
    """A cell a line, each ended by a lone '|' (texts: the non-blank lines), where no run of pipes
    ends a row and empty cells are hardly printed (a '|' line right after a '|' line): merged
    cells print once, so rows differ in length and cannot be cut at the header's width. Each
    cell is then a row of its own, which streams.join_cell_stream groups into rows by what each
    holds."""
    if any(_PIPES_ONLY.fullmatch(text) for text in texts):
        return False
    pipes = sum(1 for text in texts if text == "|")
    empty = sum(1 for a, b in zip(texts, texts[1:]) if a == b == "|")
    return empty < _EMPTY_CELLS * pipes


_ALTERNATING = 0.3  # share of a page's lines that are lone '|' where every cell ends with one
_EMPTY_CELLS = 0.1  # share of cells printed empty above which a table prints its rows whole


def _wrapped_in_narrow_cell(lines: list[str], k: int) -> bool:
    """Line k and the short lines after it up to a lone '|' are one cell wrapped in a narrow
    column (年度 / 目标, 绩 / 效 / 指 / 标, 一级 / 指标): each line short, and few of them."""
    for later in lines[k : k + _NARROW_LINES]:
        text = later.strip()
        if text.startswith("|"):
            return True
        if not text or len(text) > _NARROW:
            return False
    return False


_NARROW = 8  # characters: a line of a cell wrapped in a narrow column
_NARROW_LINES = 6  # lines such a cell spans at most (a label a character a line)
ROW_CELLS = 3  # cells on a line that make it a row of its own (not a cell or two going on)
_PIPES_ONLY = re.compile(r"\|{2,}")  # a cell a line, each after a lone '|': a run of them ends the row


def _trimmed(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _header_ends(row: Row, lines: list[str], number: int) -> bool:
    """The row is a header and the next line does not go on naming columns (nor units that get
    a value column each, 西坪镇尧山村, where the header has no value column)."""
    layout = header_layout(Row(row.line, list(row.cells)))  # a copy: the row is still growing
    if layout is None:
        return False
    following = lines[number].strip().lstrip("|").split("|")[0].strip() if number < len(lines) else ""
    return header_role(following) is None and (has_value_column(layout) or not unknown_column_name(following))


def _balanced(parts: list[str]) -> list[str]:
    """Rejoin words split inside brackets: '开发数量(', '≥**个', ')' -> '开发数量( ≥**个 )', where the
    bracket closes within a few words (a bracket left open, 年初目标值(A, joins nothing)."""
    out: list[str] = []
    k = 0
    while k < len(parts):
        depth, end = 0, k
        while end < len(parts) and end - k <= _BRACKET_WORDS:
            depth += _depth(parts[end])
            end += 1
            if depth <= 0:
                break
        if depth > 0:
            end = k + 1  # not closed soon: the word alone
        out.append(" ".join(parts[k:end]))
        k = end
    return out


_BRACKET_WORDS = 4  # words a bracket opened in one word may span before it closes


def _depth(part: str) -> int:
    return part.count("(") + part.count("（") - part.count(")") - part.count("）")


_ONE_CJK = re.compile(r"^[\u4e00-\u9fff]$")


def _spaced_out_rejoined(parts: list[str]) -> list[str]:
    """A label printed one character at a time (产 出 指 标) is one cell: three or more lone
    characters in a row are joined (two could be two one-character cells, 是 | 否)."""
    out: list[str] = []
    run: list[str] = []
    for part in parts + [""]:
        if _ONE_CJK.match(part):
            run.append(part)
            continue
        out.extend(["".join(run)] if len(run) >= 3 else run)
        run = []
        if part:
            out.append(part)
    return out


def _units_rejoined(parts: list[str]) -> list[str]:
    """A unit split from its number by a space (≤1644 台) belongs to it."""
    out: list[str] = []
    for part in parts:
        if out and out[-1][-1:].isdigit() and cell_part(part) == "unit":
            out[-1] += " " + part
        else:
            out.append(part)
    return out


def _spaced_cells(text: str) -> list[str]:
    return [clean_cell(c) for c in _units_rejoined(_spaced_out_rejoined(_balanced(text.split())))]


_NUMBERED = re.compile(r"指标\s*\d+\s*[:：]")


def _numbered_rows(line: str, number: int) -> list[Row] | None:
    """A line of space-separated cells whose header was scattered (a spreadsheet flattened out of
    order), its rows numbered by the template (指标1:… 指标2:…): a row from each number to the
    next (without the header's names), the text before the first a row of its own; None with
    fewer numbered rows. Its cells glued together (a space a row at most), glued.numbered_rows."""
    # the category labels printed before a number are its row's
    starts = [labelled_from(line, found.start()) for found in _NUMBERED.finditer(line)]
    if len(starts) < MIN_NUMBERED:
        return None
    if line.count(" ") < 2 * len(starts):
        return numbered_rows(line, number)
    before = [Row(number, _spaced_cells(line[: starts[0]]))] if line[: starts[0]].strip() else []
    # the scattered header's column names (分值 得分) fall between rows: no row's cells
    segments = [line[a:b] for a, b in zip(starts, starts[1:] + [len(line)])]
    return before + [Row(number, [c for c in _spaced_cells(s) if header_role(c) is None]) for s in segments]


_SPACED_CELLS = 9  # a header and a row at least: more cells than this


def _spaced_table_line(line: str, number: int) -> list[Row] | None:
    """A line holding a header and the rows after it, every cell ended by a space and empty
    cells not printed: the text before the header, then every cell as a row of its own, which
    streams.join_cell_stream groups into rows by what each holds, as for one cell per line."""
    if len(line.split(maxsplit=_SPACED_CELLS)) <= _SPACED_CELLS:
        return None  # the common line, prose: too few words for a table (rejoining only merges)
    cells = _spaced_cells(line)
    run = header_run(cells) if len(cells) > _SPACED_CELLS else None
    if run is None:
        return None
    start, _ = run
    before = [Row(number, cells[:start])] if start else []
    return before + [Row(number, [cell]) for cell in cells[start:]]


def _spaced_rows(lines: list[str]) -> list[Row | None]:
    rows: list[Row | None] = []
    header: Row | None = None  # the last row, where it is a header the next line may go on
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            rows.append(None)
            header = None
            continue
        row = Row(number, _spaced_cells(text))
        rows.append(row)
        if "指" not in text and "值" not in text and "分" not in text:  # what a header's words spell
            header = None
            continue
        names = _names_joined(row.cells)
        if header is not None and _goes_on_naming(header, names):
            header.cells.extend(names)  # the header's names went on on this line
            rows.pop()
        elif header_layout(Row(number, names)) is not None:
            row.cells, header = names, row
        else:
            header = None
    return rows


def _names_joined(cells: list[str]) -> list[str]:
    """Column names a wrap split where the spaces between cells are (年度 指标值, 实际 完成值): a
    word no vocabulary knows and the next make one column name."""
    out: list[str] = []
    for cell in cells:
        if out and header_role(out[-1]) is None and (header_role(out[-1] + cell) or ("", False))[1]:
            out[-1] += cell
        else:
            out.append(cell)
    return out


def _goes_on_naming(header: Row, names: list[str]) -> bool:
    """A line of column names only, none the header has already: the header's own, wrapped (where
    the header holds a name no vocabulary knows, the line completes it: tables.completed_header)."""
    roles = [header_role(name) for name in names]
    if not all(roles) or any(unknown_column_name(cell) for cell in header.cells):
        return False
    named = {role[0] for role in map(header_role, header.cells) if role}
    return not any(role[0] in named for role in roles)


def is_spaced(lines: list[str]) -> bool:
    """Cells separated by spaces alone (a spreadsheet saved as text): an indicator-table header
    is there once the lines are split at spaces, and no tab or '|' separates cells."""
    if sum(1 for line in lines if "\t" in line) >= 5:
        return False
    return any(header_layout(Row(0, line.split())) is not None for line in lines if " " in line.strip())


_FIRST_WORD = re.compile(r"^\s*(\S+)")
# two lines of a character each, or 指标 opening a line with more after it, or glued to a row's
# text on an untabbed line (not a column name: 指标值, 指标名称)
_MAY_JOIN = re.compile(
    r"^[ \t]*[\u4e00-\u9fff][ \t]*\n[ \t]*[\u4e00-\u9fff][ \t]*$|^[ \t]*[指目]标[ \t]+\S|^ *[指目]标(?!值|名称)[\u4e00-\u9fff]",
    re.M,
)


def _label_lines_joined(lines: list[str]) -> list[str]:
    """A category label broken over lines before a row's first cell: one character a line
    (产 / 出 / 指 / 标 数量指标 …), or its last word on the next line (经济效益 / 指标 全年…).
    Where the joined text is a label the vocabulary knows: the characters go onto the row's line
    (their lines left blank), the last word back onto the line of the rest of its label."""
    if not _MAY_JOIN.search("\n".join(lines)):
        return lines  # the common document: nothing to join, found in one pass in C
    cats = categories()
    out = list(lines)
    k = 0
    while k < len(out):
        end = k
        while end < len(out) and len(out[end]) < 8 and _ONE_CJK.match(out[end].strip()):
            end += 1
        spelled = end - k >= 2
        row = end if spelled else k + 1
        # most lines end here, on a cheap test: no character run, no 指标 opening the next line
        word = _FIRST_WORD.match(out[row]) if row < len(out) and (spelled or "标" in out[row][:8]) else None
        if spelled and word:
            head = "".join(line.strip() for line in out[k:row])
            first = word.group(1)
            # the label's last characters open the row's first cell, or, glued, its text (标数量指标…)
            if any(cats.is_label(head + first[:n]) for n in (len(first), *range(1, min(len(first), _HEAD)))):
                out[row] = out[row][: word.start(1)] + head + out[row][word.start(1) :]
                out[k:row] = [""] * (row - k)
        elif word and word.group(1)[:2] in _LABEL_END and out[row][word.start(1) + 2 :].strip():
            # the line's last cell takes the word; the row's cells go on on the next line (a line
            # of 指标 alone is joined later, _label_ends_joined); glued, the line's last characters
            # and the row's text glued after the word (经济效益 / 指标全年观影人数…)
            glued = len(word.group(1)) > 2
            cells = out[k].split() or [""]
            head = "".join(cells) if glued else cells[-1]
            if glued:
                heads = [head[-n:] for n in range(2, min(len(head), _HEAD) + 1)]
            else:
                heads = [head] if len(head) <= _HEAD else []
            if any(cats.is_label(h + word.group(1)[:2]) for h in heads):
                out[k] = out[k].rstrip() + word.group(1)[:2]
                out[row] = out[row][word.start(1) + 2 :]
        k = max(end, k + 1)
    return out


def reconstruct_rows(lines: list[str]) -> list[Row | None]:
    """Rows in document order; None marks a blank line (a possible page break). A page's number
    on a line of its own (第 3 页 共 9 页, - 3 -), which a PDF's text keeps wherever its page broke
    (between a row's cells too), is no line of the text; a page that put a blank line after every
    line (each line a paragraph) is read without them. Each row stays at its line in the file."""
    kept = None
    if _PAGE_LINES.search("\n".join(lines)):  # one pass in C: most documents print none
        kept = [k for k, line in enumerate(lines) if not _PAGE_LINE.fullmatch(line.strip())]
        lines = [lines[k] for k in kept]
    spaced = _double_spaced(lines)
    if spaced is not None:
        lines = [lines[k] for k in spaced]
        kept = [kept[k] for k in spaced] if kept is not None else spaced
    rows = _reconstructed(lines)
    if kept is not None:
        for row in rows:
            if row is not None:
                row.line = kept[row.line - 1] + 1
    return rows


_PAGE_LINE = re.compile(PAGE_NUMBER)
_PAGE_LINES = re.compile(rf"^\s*(?:{PAGE_NUMBER})\s*$", re.M)


_DOUBLE_SPACED_LINES = 10  # text lines at least, before blank lines are taken for spacing


def _double_spaced(lines: list[str]) -> list[int] | None:
    """Where no text line follows another and most are followed by exactly one blank line (blank
    lines that separate nothing): the indexes of the lines to read, the text lines and one blank
    line for each longer run of them (a blank line of the page before the spacing)."""
    text = [k for k, line in enumerate(lines) if line.strip()]
    if len(text) < _DOUBLE_SPACED_LINES:
        return None
    gaps = [b - a for a, b in zip(text, text[1:])]
    if min(gaps) < 2 or sum(1 for gap in gaps if gap == 2) < 0.8 * len(gaps):
        return None
    kept = [text[0]]
    for a, b in zip(text, text[1:]):
        kept += [a + 1, b] if b - a > 2 else [b]
    return kept


def _reconstructed(lines: list[str]) -> list[Row | None]:
    lines = _label_lines_joined(lines)
    if is_cell_per_line(lines):
        return _cell_per_line_rows(lines)
    if is_piped(lines):
        return _label_ends_joined(_piped_rows(lines))
    if is_spaced(lines):
        return _label_ends_joined(_spaced_rows(lines))
    return _label_ends_joined(_tab_rows(lines))


_LABEL_END = ("指标", "目标")


def _label_ends_joined(rows: list[Row | None]) -> list[Row | None]:
    """A label broken before its last word (项目完成 / 指标, 服务对象 / 满意度指标 on the next
    line): a line holding only 指标 or 目标, or a word that ends the last cell of the row above
    into a label the vocabulary knows, goes onto that cell."""
    out: list[Row | None] = []
    cats = categories()
    for row in rows:
        above = out[-1] if out else None
        if row is not None and above is not None and len(row.cells) == 1 and above.filled:
            last = max(col for col, _ in above.filled)
            head, word = above.cells[last], row.cells[0]
            if (word in _LABEL_END and not head.endswith(_LABEL_END)) or (
                len(head) <= _HEAD
                and not cats.is_label(head)
                and not LOST_LABEL.match(head)  # (30分): a lost label's weight, no label's start
                and cats.is_label(head + word)
            ):
                above.cells[last] += word
                above._filled = above._labels = None  # computed before the cell grew
                continue
        out.append(row)
    return out


_HEAD = 8  # characters: the most of a label printed before its line break
