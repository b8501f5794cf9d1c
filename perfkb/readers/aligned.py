"""Tables printed without ruling lines, found from how their text lines up (a PDF page's words).

Columns are the left edges that at least three lines share. A line is a table line when its
words sit in two or more columns, or its one word fits in a column; runs of table lines with
at least two lines of three columns are a table, the other lines page text. A cell's text that
wraps continues on the next line in the same columns only, and the line it continues reaches
its column's right edge: such lines join the row above instead of starting one.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from ..values import cell_part, looks_like_number_value, looks_qualitative
from .common import join_wrapped
from .model import Cell, Table

_ALIGN = 2.0  # points: left edges this close are one column
_MIN_LINES_PER_COLUMN = 3
# A wrapped line ends less than a character (or two, where a punctuation mark may not start the
# next line) short of its column's right edge: up to this many line heights.
_WRAP_SLACK = 1.2
_PITCH_SLACK = 1.15  # times the closest two lines of a table: the most a wrapped cell's lines are apart
_VALUED_SHARE = 0.6  # of a page-top part's lines, at least this many end in a value
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
        return " ".join(w.text for w in self.words)


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


def _column_starts(lines: list[Line]) -> list[float]:
    edges = sorted((w.x0, i) for i, line in enumerate(lines) for w in line.words)
    starts: list[float] = []
    group: list[tuple[float, int]] = []
    for edge in edges + [(float("inf"), -1)]:
        if group and edge[0] - group[0][0] > _ALIGN:
            if len({i for _, i in group}) >= _MIN_LINES_PER_COLUMN:
                starts.append(group[0][0])
            group = []
        group.append(edge)
    return starts


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


def find(words: list[Word]) -> list[tuple[float, Table | Line]]:
    """(top, block) in reading order: aligned tables (as Table without a locator yet) and
    the lines outside them."""
    lines = lines_of(words)
    starts = _column_starts(lines)
    if len(starts) < 2:
        return [(line.top, line) for line in lines]
    for line in lines:
        line.columns = _place(line, starts)
    out: list[tuple[float, Table | Line]] = []
    run: list[Line] = []
    for line in lines + [Line(float("inf"), [])]:
        if line.columns is not None and line.words:
            run.append(line)
            continue
        if sum(1 for r in run if len(r.columns) >= 3) >= 2 or (run and run[0] is lines[0] and _values_part(run)):
            out.append((run[0].top, _table(run, starts)))
        else:
            out.extend((r.top, r) for r in run)
        run = []
        if line.words:
            out.append((line.top, line))
    return out


def _values_part(run: list[Line]) -> bool:
    """A table's part at a page's top that prints only its name and value columns (the merged
    label columns' text stayed on the page before): lines of two columns or more, most ending
    in a value (a project form's fields, 项目名称 | 酒精检测费, do not)."""
    pairs = [line for line in run if len(line.columns) >= 2]
    valued = sum(_is_value(line.columns[max(line.columns)][-1].text) for line in pairs)
    return len(pairs) >= _MIN_LINES_PER_COLUMN and valued >= _VALUED_SHARE * len(pairs)


def _is_value(text: str) -> bool:
    return looks_like_number_value(text) or looks_qualitative(text) or cell_part(text) == "unit"


def _table(lines: list[Line], starts: list[float]) -> Table:
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
    # a wrapped cell's lines follow each other closer than the rows do where rows are spaced out
    pitch = min((b.top - a.top for a, b in zip(lines, lines[1:])), default=0.0) * _PITCH_SLACK
    rows: list[dict[int, list[str]]] = []
    previous: Line | None = None
    for line in lines:
        if previous is not None and line.top - previous.top <= pitch and _continues(line, previous, right):
            for col, words in line.columns.items():
                rows[-1][col].append(" ".join(w.text for w in words))
        else:
            rows.append({col: [" ".join(w.text for w in words)] for col, words in line.columns.items()})
        previous = line
    cells = [[Cell(join_wrapped("\n".join(row.get(c, [])))) for c in range(width)] for row in rows]
    return Table(cells, "")


def _continues(line: Line, previous: Line, right: dict[int, float]) -> bool:
    """The line wraps cells of the previous line: text only in columns the previous line
    filled, and there the previous line's text ran to the column's right edge."""
    if not set(line.columns) <= set(previous.columns):
        return False
    for col in line.columns:
        last = previous.columns[col][-1]
        if col not in right or last.x1 < right[col] - (last.bottom - last.top) * _WRAP_SLACK:  # ended short
            return False
    return True
