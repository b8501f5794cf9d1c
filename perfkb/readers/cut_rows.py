"""Joining a table row that a page break cut in two: its head is the last row of one page's
table, its tail the first row (after a repeated header) of the next page's.

Which rows were cut is for the reader to decide (pdf.py: the table runs to the foot of the
page, the next page's table has the same columns, the tail leaves empty a single-row cell
that the head filled, as a short 指标值 does, and goes on where the head's text ran to the edge
of its cell); this module does the joining on the table model,
so that a cut 三级指标, project name or merged 二级指标 comes out whole, spread over its rows.
"""

from __future__ import annotations

from collections.abc import Callable

from .common import join_wrapped
from .model import Cell, Table, grid

Start = tuple[int, int]  # (row, column) where a cell starts


def placed(table: Table) -> dict[Start, Cell]:
    """Each cell by the grid position it starts at (model.grid's placement)."""
    starts: dict[Start, Cell] = {}
    taken: set[Start] = set()
    for r, cells in enumerate(table.rows):
        col = 0
        for cell in cells:
            while (r, col) in taken:
                col += 1
            starts[(r, col)] = cell
            taken.update((r + dr, col + dc) for dr in range(max(cell.rowspan, 1)) for dc in range(max(cell.colspan, 1)))
            col += max(cell.colspan, 1)
    return starts


def _covering(starts: dict[Start, Cell]) -> dict[Start, tuple[Start, Cell]]:
    cover: dict[Start, tuple[Start, Cell]] = {}
    for (r, c), cell in starts.items():
        for dr in range(max(cell.rowspan, 1)):
            for dc in range(max(cell.colspan, 1)):
                cover[(r + dr, c + dc)] = ((r, c), cell)
    return cover


def _rebuild(table: Table, starts: dict[Start, Cell], rows: int) -> None:
    table.rows = [[cell for (r, _), cell in sorted(starts.items()) if r == row] for row in range(rows)]


def tail_row(head_table: Table, tail_table: Table) -> int | None:
    """Index of the row of tail_table that may be the cut tail: the first, or the second when
    the first repeats head_table's header."""
    if not tail_table.rows:
        return None
    repeated = grid(tail_table)[0] == grid(head_table)[0] if head_table.rows else False
    index = 1 if repeated else 0
    return index if index < len(tail_table.rows) else None


def looks_cut(
    head_table: Table, tail_table: Table, index: int, wrapped: Callable[[Cell], bool] = lambda cell: True
) -> bool:
    """The tail leaves empty a single-row cell whose column the head's last row filled with a
    single-row cell (a short 指标值 ends before the break), right of a cell it does fill (the
    empty cells on the left of a new row are categories merged from above); and where it goes
    on under a text of the head, that text was still running (`wrapped`: its last line full)."""
    last = len(head_table.rows) - 1
    head, tail = placed(head_table), placed(tail_table)
    head_cover = _covering(head)
    tail_cells = sorted((c, cell) for (r, c), cell in tail.items() if r == index)
    first_text = next((c for c, cell in tail_cells if cell.text), None)
    if first_text is None:
        return False
    ended = any(
        c > first_text
        and not cell.text
        and cell.rowspan == 1
        and (last, c) in head
        and head[(last, c)].text
        and head[(last, c)].rowspan == 1
        for c, cell in tail_cells
    )
    # each text of the tail under a text of the head goes on a running one: under a text that
    # ended (≤240元 above ≤350元) the tail is a row of its own
    going_on = [
        wrapped(head_cover[(last, c)][1])
        for c, cell in tail_cells
        if cell.text and (last, c) in head_cover and head_cover[(last, c)][1].text
    ]
    if ended and going_on and all(going_on):
        return True
    # or the tail is one or two texts, each going on a running text of a cell of the head's own
    # row, and the head filled more cells: a cut project name, a long text cut, a row whose
    # short cells all ended above the break
    texts = [(c, cell) for c, cell in tail_cells if cell.text]
    head_filled = {id(cell) for (r, _), (_, cell) in head_cover.items() if r == last and cell.text}
    own = {c for (r, c), cell in head.items() if r == last and cell.text}
    if all(c in own and wrapped(head[(last, c)]) for c, _ in texts):
        # or every cell of the head's row was still running and the tail goes on in each of them
        # (交通安全 | ≥10000, then 宣传人次 | 人次)
        return (len(texts) <= 2 and len(texts) < len(head_filled)) or (
            {c for c, _ in texts} == own and all(wrapped(head[(last, c)]) for c in own)
        )
    return False


def join_cut_row(head_table: Table, tail_table: Table, index: int) -> None:
    """Append row `index` of tail_table to the last row of head_table, column by column, and
    drop it from tail_table (a cell spanning rows below keeps the joined text there)."""
    last = len(head_table.rows) - 1
    head_cover = _covering(placed(head_table))
    tail = placed(tail_table)
    moved: dict[Start, Cell] = {}
    for (r, c), cell in tail.items():
        if r < index:
            if r + cell.rowspan > index:
                cell.rowspan -= 1  # spans over the dropped row
            moved[(r, c)] = cell
        elif r > index:
            moved[(r - 1, c)] = cell
        else:
            joined = cell.text
            if cell.text and (last, c) in head_cover:
                target = head_cover[(last, c)][1]
                target.text = joined = join_wrapped(f"{target.text}\n{cell.text}")
            if cell.rowspan > 1:  # the rest of a cut merged cell: the whole text, one row shorter
                moved[(index, c)] = Cell(joined, cell.rowspan - 1, cell.colspan)
    _rebuild(tail_table, moved, len(tail_table.rows) - 1)
