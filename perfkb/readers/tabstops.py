"""Text typed with tabs and printed to PDF: a text file or a Word page of tab-separated cells.

A printed tab is only a gap: the text after it starts at the next tab stop, and tab stops are
evenly spaced from the left margin (LibreOffice: every 1.25 cm; Word: every two characters; a
browser printing plain text: every eight). So a page whose text after its gaps starts on such a
grid was typed with tabs; each gap that ends on the grid is given back as tabs (as many as the
stops it passes), other gaps as a space or nothing, and a line the right margin wrapped is
joined to the line it continues. The text then reads as a text file's lines do.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from statistics import median

from .common import join_wrapped

_GAP = 0.3  # points: characters set closer than this are one run of text
_NEAR_STOP = 1.0  # points: a run this close to a candidate stop (its step rounded) may start there
_ON_STOP = 0.4  # points: a run this close to a measured tab stop starts there (a space lands anywhere)
_MIN_STEP = 1.8  # characters: tab stops closer than this cannot be told from letter spacing
_MIN_GAPS = 12  # runs starting after a gap: fewer are no evidence of a grid
# Of those runs, at least this many start on a stop (by chance: 2 * _NEAR_STOP / step, under 12%;
# the others follow a space, or Latin letters set apart from Chinese), on three stops or more.
_ON_GRID_SHARE = 0.5
_MIN_STOPS = 3
_MIN_OVER, _OVER_SHARE = 3, 0.1  # runs over the next stop: fewer, the page is a table in columns
_WIDE_GAP, _OFF_SHARE = 1.5, 0.1  # gaps wider than 1.5 characters: at most 10% end off the stops
_TYPED_PAGES = 0.5  # of a document's pages without rules, at least this many line up on stops
_SKIP_SHARE = 0.5  # of their gaps, at most this many pass a stop first
_NO_LINE_START = frozenset("，。、；：？！）》」』”’%·…—")
_NO_LINE_END = frozenset("（《「『“‘")
_SENTENCE_END = frozenset("。！？")  # a line ending so, even at the margin, ends its paragraph
_WIDEST_SHARE = 0.9  # of the most starts any step puts on its stops: a wider step that does as well wins
_SPACE = 0.3  # of the characters' size: a gap off the grid wider than this was a space


@dataclass(frozen=True)
class Grid:
    origin: float  # the left margin: stop 0
    step: float
    tolerance: float = _NEAR_STOP

    def stop(self, x: float) -> int | None:
        """The stop x is on, or None."""
        k = round((x - self.origin) / self.step)
        return k if k >= 0 and abs(self.origin + k * self.step - x) <= self.tolerance else None


@dataclass
class _Run:
    x0: float
    x1: float
    text: str


def _runs(chars: list[dict]) -> list[_Run]:
    """A line's characters in runs split at gaps and spaces."""
    runs: list[_Run] = []
    gap = True
    for char in sorted(chars, key=lambda c: c["x0"]):
        if char["text"].isspace():
            gap = True
            continue
        if gap or char["x0"] - runs[-1].x1 > _GAP:
            runs.append(_Run(char["x0"], char["x1"], char["text"]))
        else:
            runs[-1].x1, runs[-1].text = char["x1"], runs[-1].text + char["text"]
        gap = False
    return runs


def find_grid(lines: list[list[_Run]], size: float) -> Grid | None:
    """The tab stops the lines' runs start on, or None if they do not line up on evenly
    spaced stops. Candidate steps come from the distances between the margin and the places
    runs start; of the steps most starts fall on, the widest wins (half of it fits as well)."""
    starts = [line[0].x0 for line in lines if line]
    if not starts:
        return None
    origin = min(starts, key=lambda x: (-sum(abs(s - x) <= _ON_STOP for s in starts), x))
    after_gaps = [run.x0 for line in lines for run in line if run.x0 > origin + _NEAR_STOP]
    if len(after_gaps) < _MIN_GAPS:
        return None
    # scored by place (runs start at few places, a line after another)
    places = Counter(round(x, 1) for x in after_gaps)
    candidates = sorted({round(x - origin) / k for x in places for k in range(1, 9)}, reverse=True)
    fits = []
    for step in (c for c in candidates if c >= _MIN_STEP * size):
        grid = Grid(origin, step)
        fits.append([(x, k, n) for x, n in places.items() if (k := grid.stop(x))])
    most = max((sum(n for *_, n in on) for on in fits), default=0)
    for on in fits:
        starts = sum(n for *_, n in on)
        if (
            starts >= _WIDEST_SHARE * most >= _ON_GRID_SHARE * len(after_gaps)
            and len({k for _, k, _ in on}) >= _MIN_STOPS
        ):
            # the stops' spacing measured from all of them (a candidate is rounded to a point)
            step = sum((x - origin) * k * n for x, k, n in on) / sum(k * k * n for _, k, n in on)
            return Grid(origin, step, _ON_STOP)
    return None


def _typed(lines: list[list[_Run]], grid: Grid, size: float) -> bool:
    """The grid's gaps are tabs, not the columns of a table without rules that happen to
    line up with evenly spaced stops: some text runs on over the next stop before a tab takes
    the line on (a table's text wraps inside its column), and a wide gap never ends between
    stops (a table's other columns do; a space or Latin text set apart from Chinese is narrow)."""
    followed = [run for line in lines for run in line[:-1] if grid.stop(run.x0) is not None]
    over = sum(run.x1 > grid.origin + (grid.stop(run.x0) + 1) * grid.step + _ON_STOP for run in followed)
    wide = [b for line in lines for a, b in zip(line, line[1:]) if b.x0 - a.x1 > _WIDE_GAP * size]
    off = sum(grid.stop(run.x0) is None for run in wide)
    return over >= max(_MIN_OVER, _OVER_SHARE * len(followed)) and off <= _OFF_SHARE * len(wide)


def _line_text(runs: list[_Run], grid: Grid, size: float) -> str:
    """The line as typed: tabs where it jumps to a tab stop (before its first run too), a space
    where the gap is a space's width."""
    text = ""
    end = grid.origin
    for n, run in enumerate(runs):
        k = grid.stop(run.x0)
        if k is not None:
            text += "\t" * (max(k - _next_stop(end, grid) + 1, 1) if n else k)
        elif n and run.x0 - end > _SPACE * size:
            text += " "
        text += run.text
        end = run.x1
    return text


@dataclass
class TypedPage:
    """A page's lines as typed with tabs (top, text), and how its gaps passed the stops."""

    lines: list[tuple[float, str]]
    tabs: int  # gaps ending at the first stop after the text before them: one tab
    skips: int  # gaps passing stops first: tabs past empty cells, or a table's columns


def typed_page(text_lines: list[dict], width: float) -> TypedPage | None:
    """The page's lines (pdfplumber's text lines with their chars) as typed with tabs, or None
    if they do not line up on tab stops."""
    lines = [(line["top"], runs) for line in text_lines if (runs := _runs(line["chars"]))]
    if not lines:
        return None
    size = median((run.x1 - run.x0) / len(run.text) for _, runs in lines for run in runs)
    grid = find_grid([runs for _, runs in lines], size)
    if grid is None or not _typed([runs for _, runs in lines], grid, size):
        return None
    # the right margin: as wide as the left one, unless lines run further (one may: a
    # punctuation mark is let hang past it)
    beyond = [runs[-1].x1 for _, runs in lines if runs[-1].x1 > width - grid.origin + size]
    right = median(beyond) if len(beyond) >= 3 else width - grid.origin
    typed = [_Typed(top, _line_text(runs, grid, size), runs, runs) for top, runs in lines]
    passed = [
        k - _next_stop(a.x1, grid)
        for _, runs in lines
        for a, b in zip(runs, runs[1:])
        if (k := grid.stop(b.x0)) is not None and k >= _next_stop(a.x1, grid)
    ]
    return TypedPage(
        [(t.top, t.text) for t in _joined(typed, grid, right)], passed.count(0), len(passed) - passed.count(0)
    )


def typed_document(pages: list[TypedPage], text_pages: int) -> bool:
    """Whether the document's pages without rules were typed with tabs: most of them line up
    on tab stops, and most of their gaps are one tab. A table without rules whose columns
    fall on evenly spaced stops (a sheet's columns, a Word table's) lines up too, on some
    pages, but its text mostly ends well before the next column: its gaps pass stops."""
    tabs, skips = sum(p.tabs for p in pages), sum(p.skips for p in pages)
    return len(pages) >= _TYPED_PAGES * text_pages and skips <= _SKIP_SHARE * (tabs + skips)


def _next_stop(x: float, grid: Grid) -> int:
    """The first stop after x (text ending on a stop goes on at the next)."""
    return int((x - grid.origin + _ON_STOP) // grid.step) + 1


@dataclass
class _Typed:
    top: float
    text: str
    first: list[_Run]  # its first printed line's runs
    last: list[_Run]  # its last printed line's runs


def _joined(lines: list[_Typed], grid: Grid, right: float) -> list[_Typed]:
    """The lines, each one the right margin wrapped joined to its continuation. A line may end
    at the margin by chance, and a row with an empty first cell starts at the first stop as
    what a tab took to the next line does: a joined line must be no wider than the widest
    printed line (in tabs; a row wider than any line wrapped each time is not rejoined)."""
    widest = max(line.text.count("\t") for line in lines)
    out: list[_Typed] = []
    for line in lines:
        if out and (joined := _wrapped(out[-1], line, grid, right)) and joined.count("\t") <= widest:
            out[-1] = _Typed(out[-1].top, joined, out[-1].first, line.last)
        else:
            out.append(line)
    return out


def _wrapped(before: _Typed, line: _Typed, grid: Grid, right: float) -> str | None:
    """The two lines as the one the right margin wrapped, or None: this line starts at the
    margin with what did not fit after the line before (a cell's text broken anywhere), or at
    the first stop with what did not fit after a tab."""
    if before.text[-1:] in _SENTENCE_END:
        return None
    end, first = before.last[-1], line.first[0]
    stop = grid.stop(first.x0)
    if stop == 0:  # a cell's text broken where the line was full
        char = (first.x1 - first.x0) / len(first.text)
        # a character that may not start a line (，) takes the one before it along
        held = first.text[1:2] in _NO_LINE_START or end.text[-1:] in _NO_LINE_END
        if end.x1 + (2 if held else 1) * char > right - 0.25 * char:
            return join_wrapped(before.text + "\n" + line.text, tabs=True)
        return None
    if stop != 1:
        return None
    next_stop = grid.origin + grid.step * _next_stop(end.x1, grid)
    return before.text + line.text if next_stop + first.x1 - first.x0 > right else None
