"""Tables printed without ruling lines, found from how their text lines up (a PDF page's words).

Columns are the left edges, after a gap, that at least three lines share. A line is a table
line when its words sit in two or more columns, or its one word fits in a column; runs of
table lines with at least two lines of three columns are a table, the other lines page text.
Each table keeps the page's columns its lines use (a browser sizes each table's own).

Rows are built from blocks, a cell's text in one column: a line joins the block above it in its
column when it comes at the pitch of a wrapped cell's lines and the line above reached the
column's right edge. Blocks set beside each other (one's middle within the other's height) are
a row, so a cell set at its row's top (Word) or centred on it (a browser, a sheet) joins the
row's tallest cell, and a label centred on the rows it spans joins none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from ..cells import LEVEL1, LEVEL2, classify
from ..tables import header_role
from ..values import cell_part, looks_like_number_value, looks_qualitative
from .common import join_wrapped
from .model import Cell, Table

_ALIGN = 2.0  # points: left edges this close are one column
_MIN_LINES_PER_COLUMN = 3
_GAP = 3.0  # points between two words that a space or a column stands in (closer: one word)
# A wrapped line ends less than a character (or two, where a punctuation mark may not start the
# next line) short of its column's right edge: up to this many line heights.
_WRAP_SLACK = 1.2
_NO_LINE_START = frozenset("、，。；：！？）」』》%,.;:!?)")  # marks a line may not start with
# times the closest two lines of a table's columns: the most a wrapped cell's lines are apart (a
# browser's rows are only a padding further apart than a cell's lines)
_PITCH_SLACK = 1.05
_VALUED_SHARE = 0.6  # of a page-top part's lines, at least this many end in a value
_CENTRED = 0.5  # line heights: a cell's middle this close to a wrapped one's is centred on it
_SHORT_VALUE = 8  # characters: a value no longer is whole on one line
_ROW_START = 0.25  # line heights: a row starting this little above where a label's rows start is one of them
_NEAR_NEXT = 3  # line heights: a column wraps only if its text comes this close to the next column


@dataclass
class Word:
    x0: float
    x1: float
    top: float
    bottom: float
    text: str


@dataclass
class Line:
    top: float
    words: list[Word]
    columns: dict[int, list[Word]] | None = None  # column index -> words, for table lines

    @property
    def text(self) -> str:
        return text_of(self.words)


def lines_of(words: list[Word]) -> list[Line]:
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and abs(word.top - lines[-1].top) <= _ALIGN:
            lines[-1].words.append(word)
        else:
            lines.append(Line(word.top, [word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


def text_of(words: list[Word]) -> str:
    """Words side by side as one text: a space only where the page shows a gap."""
    return "".join(
        (" " if a is not None and b.x0 - a.x1 > _GAP else "") + b.text for a, b in zip([None, *words], words)
    )


def _column_starts(lines: list[Line]) -> list[float]:
    """Left edges at least three lines start text at. An edge only ever a pixel or two from the
    text before it (a browser's cells stand that close) is a column only where fewer lines run
    across it than start there (inside a cell, the cell's other lines run across), and never
    between Chinese and Latin text, which an office sets a little apart (场次 1)."""
    edges = sorted(
        (b.x0, i, a is None or b.x0 - a.x1 > _GAP)
        for i, line in enumerate(lines)
        for a, b in zip([None, *line.words], line.words)
        # an office sets Chinese and Latin text a little apart
        if a is None or b.x0 - a.x1 > _GAP or _chinese(a.text[-1]) == _chinese(b.text[0])
    )
    starts: list[float] = []
    group: list[tuple[float, int, bool]] = []
    for edge in edges + [(float("inf"), -1, True)]:
        if group and edge[0] - group[0][0] > _ALIGN:
            at, starting = group[0][0], {i for _, i, _ in group}
            if len(starting) >= _MIN_LINES_PER_COLUMN and (
                any(gap for _, _, gap in group) or _crossing(lines, at) < len(starting)
            ):
                starts.append(at)
            group = []
        group.append(edge)
    return starts


def _crossing(lines: list[Line], x: float) -> int:
    return sum(any(w.x0 < x - _ALIGN and w.x1 > x + _ALIGN for w in line.words) for line in lines)


def _place(line: Line, starts: list[float]) -> dict[int, list[Word]] | None:
    """The line's words by column, or None if it is not a table line."""
    columns: dict[int, list[Word]] = {}
    for word in line.words:
        col = max((i for i, s in enumerate(starts) if s <= word.x0 + _ALIGN), default=None)
        if col is None:
            return None
        columns.setdefault(col, []).append(word)
    if len(columns) == 1:
        col, words = next(iter(columns.items()))
        if col + 1 < len(starts) and words[-1].x1 > starts[col + 1] + _ALIGN:
            return None  # one text running across columns: a paragraph
    return columns


@dataclass
class Found:
    """An aligned table (without a locator yet) and where it sits: what pdf.py needs to join a
    row a page break cut."""

    table: Table
    bottom: float
    columns: list[float]
    line: float  # height of a line of its text
    wrapped: set[int]  # ids of its cells whose last line runs to the column's edge


def find(words: list[Word]) -> list[tuple[float, Found | Line]]:
    """(top, block) in reading order: aligned tables and the lines outside them."""
    lines = lines_of(words)
    starts = _column_starts(lines)
    if len(starts) < 2:
        return [(line.top, line) for line in lines]
    for line in lines:
        line.columns = _place(line, starts)
    starts = _page_top(lines, starts)
    _take_back(lines, starts)
    out: list[tuple[float, Found | Line]] = []
    run: list[Line] = []
    for line in lines + [Line(float("inf"), [])]:
        if line.columns is not None and line.words:
            run.append(line)
            continue
        if sum(1 for r in run if len(r.columns) >= 3) >= 2 or (run and run[0] is lines[0] and _values_part(run)):
            out.append((run[0].top, _table(run, _own_columns(run, starts))))
        else:
            out.extend((r.top, r) for r in run)
        run = []
        if line.words:
            out.append((line.top, line))
    return out


def _page_top(lines: list[Line], starts: list[float]) -> list[float]:
    """The page's columns, with those only the first line starts text at (a table's part at a
    page's top whose first row prints its labels left of the columns the page shows: 产出指标
    数量指标 | 指标1:居民健 | 38508人) where that line then fits the columns."""
    first = lines[0]
    left = [w for w in first.words if w.x0 < starts[0] - _ALIGN]
    if first.columns is not None or not left or len(left) == len(first.words):
        return starts
    extra = [b.x0 for a, b in zip([None, *left], left) if a is None or b.x0 - a.x1 > _GAP]
    columns = _place(first, extra + starts)
    if columns is None or len(columns) < 3:
        return starts
    for line in lines[1:]:
        if line.columns is not None:
            line.columns = {col + len(extra): words for col, words in line.columns.items()}
    first.columns = columns
    return extra + starts


def _take_back(lines: list[Line], starts: list[float]) -> None:
    """A line the page's columns took for a paragraph (its text runs over another table's
    column start) between table lines is a table line where it starts at a column of the
    table lines around it and fits their columns."""
    for i in range(1, len(lines) - 1):
        if lines[i].columns is not None or lines[i - 1].columns is None or lines[i + 1].columns is None:
            continue
        around = [col for line in _run(lines[i - 1 :: -1]) + _run(lines[i + 1 :]) for col in line.columns]
        own = sorted({starts[col] for col in around})
        columns = _place(lines[i], own)
        if columns is not None and any(abs(lines[i].words[0].x0 - x) <= _ALIGN for x in own):
            lines[i].columns = {starts.index(own[col]): words for col, words in columns.items()}


def _run(lines: list[Line]) -> list[Line]:
    """The table lines the list starts with."""
    run: list[Line] = []
    for line in lines:
        if line.columns is None:
            break
        run.append(line)
    return run


def _own_columns(run: list[Line], starts: list[float]) -> list[float]:
    """The page's columns that the table's lines use (a page's tables each line up their own
    way: a browser sizes each table's columns to its text), the run's lines placed anew."""
    used = sorted({col for line in run for col in line.columns})
    own = [starts[col] for col in used]
    for line in run:
        line.columns = {used.index(col): words for col, words in line.columns.items()}
    return own


def _values_part(run: list[Line]) -> bool:
    """A table's part at a page's top that prints only its name and value columns (the merged
    label columns' text stayed on the page before): lines of two columns or more, most ending
    in a value (a project form's fields, 项目名称 | 酒精检测费, do not)."""
    pairs = [line for line in run if len(line.columns) >= 2]
    valued = sum(_is_value(line.columns[max(line.columns)][-1].text) for line in pairs)
    return len(pairs) >= _MIN_LINES_PER_COLUMN and valued >= _VALUED_SHARE * len(pairs)


def _is_value(text: str) -> bool:
    return looks_like_number_value(text) or looks_qualitative(text) or cell_part(text) == "unit"


def _table(lines: list[Line], starts: list[float]) -> Found:
    width = len(starts)
    # column -> right edge of its widest text that stays inside it (a title or goal running
    # into the next columns says nothing about where this column's lines wrap)
    right: dict[int, float] = {}
    for line in lines:
        for col, words in line.columns.items():
            inside = col + 1 >= width or words[-1].x1 <= starts[col + 1] + _ALIGN
            if inside:
                right[col] = max(right.get(col, 0.0), words[-1].x1)
    # A column whose text never comes near the next column's start never wraps (its widest
    # text is then only its longest label).
    height = median(w.bottom - w.top for line in lines for w in line.words)
    right = {col: x for col, x in right.items() if col + 1 >= width or x >= starts[col + 1] - _NEAR_NEXT * height}
    blocks = _balanced(_blocks(lines, right), height * _CENTRED)
    cells: list[list[Cell]] = []
    wrapped: set[int] = set()
    rows = _overlapping(blocks)
    if _centred_labels(rows) and not _set_at_top(rows, height * _CENTRED):
        rows = _lifted(rows, height * _ROW_START)
    for row in rows:
        cells.append([])
        for col in range(width):
            parts = [part for b in row if b.col == col for part in b.parts]
            cell = Cell(join_wrapped("\n".join(part.text for part in parts)))
            if parts and _ran_to_edge(parts[-1], right.get(col), _WRAP_SLACK):
                wrapped.add(id(cell))
            cells[-1].append(cell)
    bottom = max(w.bottom for w in lines[-1].words)
    return Found(Table(cells, ""), bottom, starts, height, wrapped)


@dataclass
class _Part:
    """One line of a cell's text."""

    line: float  # its line's top
    top: float  # its own words' (a line's top is its tallest glyph's: a digit's may stand out)
    bottom: float
    text: str
    last: Word


@dataclass
class _Block:
    """A cell's text in one column, a part a line."""

    col: int
    parts: list[_Part]

    @property
    def top(self) -> float:
        return self.parts[0].top

    @property
    def bottom(self) -> float:
        return self.parts[-1].bottom

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def _blocks(lines: list[Line], right: dict[int, float]) -> list[_Block]:
    """Each column's lines chained into cells: a line follows the one above it in its column
    when it comes at the pitch of a wrapped cell's lines and that one ran to the column's edge."""
    tops: dict[int, list[tuple[float, bool]]] = {}
    for line in lines:
        for col, words in line.columns.items():
            tops.setdefault(col, []).append((min(w.top for w in words), _chinese(text_of(words))))
    pairs = [(b[0] - a[0], a[1] and b[1]) for column in tops.values() for a, b in zip(column, column[1:])]
    # Chinese lines' pitch where there are any: a line of Latin text or digits beside them is
    # set a point or so higher or lower, and its pitch is smaller
    gaps = [gap for gap, chinese in pairs if chinese] or [gap for gap, _ in pairs]
    pitch = min(gaps, default=0.0) * _PITCH_SLACK
    blocks: list[_Block] = []
    open_: dict[int, _Block] = {}
    for line in lines:
        for col, words in line.columns.items():
            top, bottom = min(w.top for w in words), max(w.bottom for w in words)
            part = _Part(line.top, top, bottom, text_of(words), words[-1])
            block = open_.get(col)
            if (
                block is not None
                and top - block.parts[-1].top <= pitch
                and _ran_to_edge(block.parts[-1], right.get(col), _WRAP_SLACK + _carried(part.text))
                # two values one over the other are two cells (=100% | =100%)
                and not (_whole_value(block.parts[-1].text) and _whole_value(part.text))
            ):
                block.parts.append(part)
                continue
            open_[col] = _Block(col, [part])
            blocks.append(open_[col])
    return blocks


def _ran_to_edge(part: _Part, right: float | None, slack: float) -> bool:
    """The line ended within slack line heights of its column's edge (None: a column that
    never wraps)."""
    return right is not None and part.last.x1 >= right - (part.last.bottom - part.last.top) * slack


def _whole_value(text: str) -> bool:
    """A value that is whole as it stands: a short number (not a date's part, 2021年12月 | 31日,
    nor a long code's, 13010024P0097111 | 0172M)."""
    return len(text) <= _SHORT_VALUE and looks_like_number_value(text) and not any(part in text for part in "年月日")


def _carried(text: str) -> float:
    """How many characters' width, in line heights, a line may have carried over from the line
    before: a punctuation mark may not start a line, so it takes the character before it along."""
    return 1.0 if text[1:2] in _NO_LINE_START else 0.0


def _label(text: str) -> bool:
    """A category label or a column's name."""
    return classify(text) in (LEVEL1, LEVEL2) or header_role(text) is not None


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _balanced(blocks: list[_Block], tolerance: float) -> list[_Block]:
    """Blocks split where a line taken for a wrapped cell's starts other cells not centred on
    it: those cells start a row, so the line does too (a cell beside a wrapped one starts on
    its first line where cells are set at the top, or is centred on it). Each part is checked
    again on its own."""
    starting: dict[float, list[_Block]] = {}
    for block in blocks:
        if not _is_category(block):  # a label spanning rows stands at their middle, anywhere
            starting.setdefault(block.parts[0].line, []).append(block)

    def split(block: _Block) -> list[_Block]:
        parts = block.parts
        if _label(_text(block)) and not _label(parts[0].text):
            return [block]  # a label wrapped beside two rows it spans: 产出指 | 标
        for k in range(1, len(parts)):
            if any(abs(other.middle - block.middle) > tolerance for other in starting.get(parts[k].line, ())):
                return split(_Block(block.col, parts[:k])) + split(_Block(block.col, parts[k:]))
        return [block]

    return [piece for block in blocks for piece in split(block)]


def _overlapping(blocks: list[_Block]) -> list[list[_Block]]:
    """Rows: blocks set side by side, one's middle within the other's height (a cell set at
    its row's top, middle or bottom is so beside the row's tallest cell; a label a browser
    centres on the rows it spans falls between two rows and joins neither). A row has one
    block a column: a label spanning rows, wrapped beside them, joins only the first."""
    rows: list[list[_Block]] = []
    for block in sorted(blocks, key=lambda b: (b.top, b.col)):
        row = rows[-1] if rows else []
        if all(other.col != block.col for other in row) and any(_beside(block, other) for other in row):
            rows[-1].append(block)
        else:
            rows.append([block])
    for row in rows:
        row.sort(key=lambda b: b.top)
    return rows


def _beside(a: _Block, b: _Block) -> bool:
    return a.top <= b.middle <= a.bottom or b.top <= a.middle <= b.bottom


def _centred_labels(rows: list[list[_Block]]) -> bool:
    """Whether the table prints a label at the middle of the rows it spans: the first label of
    some column stands below the first row of names and values, the rows above it empty in that
    column (a table that prints a label on the first of its rows, merged or not, prints one there)."""
    header = next((i for i, row in enumerate(rows) if sum(header_role(_text(b)) is not None for b in row) >= 2), None)
    if header is None:
        return False  # a part without its header (a page's top): nothing tells
    body = rows[header + 1 :]
    data = next((i for i, row in enumerate(body) if any(not _is_category(b) for b in row)), None)
    if data is None:
        return False
    labels: dict[int, list[int]] = {}
    for i, row in enumerate(body):
        for block in row:
            if _is_category(block):
                labels.setdefault(block.col, []).append(i)
    # the rows of the first label end as far below it as they start above it, before the next
    # label (a column whose labels are missing above one has no such rows below it)
    return any(at[0] > data and (at[1] if len(at) > 1 else len(body)) - at[0] > at[0] - data for at in labels.values())


def _set_at_top(rows: list[list[_Block]], tolerance: float) -> bool:
    """Whether beside a row's tallest cell shorter ones stand at its top more often than at its
    middle (Word sets cells at the top, a browser or a sheet at the middle)."""
    top = middle = 0
    for row in rows:
        tall = max(row, key=lambda b: len(b.parts))
        for block in row:
            if len(block.parts) < len(tall.parts):
                top += abs(block.top - tall.top) <= tolerance
                middle += abs(block.middle - tall.middle) <= tolerance
    return top > middle


def _lifted(rows: list[list[_Block]], slack: float) -> list[list[_Block]]:
    """A centred table's category labels moved to the first row they span: a label stands at
    the middle of its rows, so the rows it spans end as far below its middle as they start
    above it, and the next label's start where they end."""
    rows = [list(row) for row in rows]
    tops = [min(b.top for b in row) for row in rows]
    for col in sorted({b.col for row in rows for b in row}):
        start: float | None = None
        for i, row in enumerate(rows):
            block = next((b for b in row if b.col == col), None)
            if block is None:
                continue
            if start is None or not _is_category(block):
                start = block.bottom  # a header or a cell of one row: the next label starts below it
                continue
            first = next((k for k, top in enumerate(tops) if top >= start - slack), i)
            if first < i and all(b.col != col for r in rows[first:i] for b in r):
                row.remove(block)
                rows[first].append(block)
            start = max(2 * block.middle - start, block.bottom)
    return [row for row in rows if row]


def _is_category(block: _Block) -> bool:
    return classify(_text(block)) in (LEVEL1, LEVEL2)


def _text(block: _Block) -> str:
    return join_wrapped("\n".join(part.text for part in block.parts))
