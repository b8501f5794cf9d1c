"""Placing a row's cells into the header's columns by content, position breaking ties.

PDF conversion shifts cells left or right from row to row, so a cell's column alone lies.
Each non-empty cell is matched, in order, to a column role (一级/二级/三级指标, 指标值, …)
by a small dynamic programme that maximises how well the cell's content suits the role,
minus a penalty for the distance from the role's header column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .cells import (
    BARE,
    DIRECTION,
    KIND,
    LEVEL1,
    LEVEL2,
    NUMBER,
    OPERATOR,
    QUALITATIVE,
    TEXT,
    UNIT,
    VALUE_CLASSES,
    classify_row,
)
from .tables import PER_UNIT, Layout

_BASE = {
    "L1": {LEVEL1: 10, LEVEL2: -10, NUMBER: -10, QUALITATIVE: -8, TEXT: -5},
    "L2": {LEVEL1: -6, LEVEL2: 10, NUMBER: -10, QUALITATIVE: -8, TEXT: -4},
    "L3": {LEVEL1: -1, LEVEL2: -1, NUMBER: -6, QUALITATIVE: -1, TEXT: 5},
    "DESC": {LEVEL1: -1, LEVEL2: -1, NUMBER: -3, QUALITATIVE: 1, TEXT: 3},
    "V": {LEVEL1: -6, LEVEL2: -6, NUMBER: 8, QUALITATIVE: 6, TEXT: 1},
    "BASIS": {LEVEL1: -1, LEVEL2: -1, NUMBER: -1, QUALITATIVE: 1, TEXT: 3},
}
# A cell holding part of a value fits a value column like a number, and its own column best.
_PARTS = {
    "L1": (-10, -10, -10, -10),
    "L2": (-10, -10, -10, -10),
    "L3": (-6, -6, -4, -4),
    "DESC": (-3, -3, -3, -3),
    "V": (8, 1, 1, -2),
    "BASIS": (-1, -3, -3, -3),
}
for _role, (_bare, _op, _unit, _kind) in _PARTS.items():
    _BASE[_role].update({BARE: _bare, OPERATOR: _op, UNIT: _unit, KIND: _kind, DIRECTION: -8})
_ANY = (LEVEL1, LEVEL2, NUMBER, QUALITATIVE, TEXT, BARE, OPERATOR, UNIT, KIND, DIRECTION)


def _only(fits: dict[str, int], other: int = -6) -> dict[str, int]:
    return {c: fits.get(c, other) for c in _ANY}


_BASE.update(
    {
        "L2Y": _BASE["L2"],
        "L3Y": _BASE["L3"],
        "VY": _BASE["V"],
        "VP": _BASE["V"],
        "OP": _only({OPERATOR: 10, KIND: 6}, -8),  # 指标性质 holds the operator, or the value's kind
        "UNIT": _only({UNIT: 10, KIND: 2}, -8),
        "KIND": _only({KIND: 10}, -8),
        "ACTUAL": _only({NUMBER: 7, BARE: 7, QUALITATIVE: 6, TEXT: 1, OPERATOR: -2, UNIT: -2}),
        "WEIGHT": _only({BARE: 7}, -7),
        "SCORE": _only({BARE: 7}, -7),
        "DEVIATION": _only({TEXT: 3, QUALITATIVE: 1}, -2),
        "DIRECTION": _only({DIRECTION: 10, TEXT: 1, QUALITATIVE: 2}, -4),
        # a column read past: it takes what no other column wants, never a category label (it may head
        # a title column, 绩效指标, whose cells a flattening dropped)
        "PROJECT": _only({TEXT: 3, QUALITATIVE: 0}, -8),
        "AGENCY": _only({TEXT: 3}, -8),
        "BUDGET": _only({BARE: 6, NUMBER: 4}, -8),
        "GOAL": _only({TEXT: 3, QUALITATIVE: 1}, -8),
        "NOTE": _only({NUMBER: 2, BARE: 2, QUALITATIVE: 0, LEVEL1: -10, LEVEL2: -10}, -8),
    }
)


def fits_of(role: str) -> dict[str, int]:
    """How well each cell class suits a role; a value column per unit suits as a value column."""
    return _BASE["V"] if role.startswith(PER_UNIT) else _BASE[role]


SKIP = -8.0  # leaving a cell unplaced loses text: worse than any poor fit
SWAP = -3.0  # two cells in each other's columns: only where their content says so plainly
_TYPED = frozenset((DIRECTION, OPERATOR, UNIT, KIND))  # what a cell that may swap must hold
SKIP_REPEAT = -0.5  # a value printed twice in a merged column
POSITION = 0.7  # per column of distance, capped: content outweighs a shift
EXACT_POSITION = 3.5  # …in an exact row: a value moves no column for a slightly better fit
MAX_DISTANCE = 4
NO_NAME = -8.0  # a row with a value too many and no name: as bad as a cell placed nowhere
_VALUE_ROLES = frozenset(("V", "VY", "VP", "ACTUAL", "WEIGHT", "SCORE"))


@dataclass
class Placement:
    cells: dict[str, str] = field(default_factory=dict)  # role -> text
    classes: dict[str, str] = field(default_factory=dict)  # role -> cell class
    skipped: list[str] = field(default_factory=list)  # texts placed nowhere (not repeats)


def align(filled: list[tuple[int, str]], layout: Layout, exact: bool = False) -> Placement:
    """The best placement of a row's (column, text) cells into the layout's roles (do not mutate:
    it is shared by rows with the same cells). exact: the row's cells stand in their own columns
    (a glued row's split by content, or a delimited row printing every column, blanks included):
    content moves a cell only where it plainly belongs elsewhere."""
    return _align(tuple(filled), layout, EXACT_POSITION if exact else POSITION)


@lru_cache(maxsize=1 << 14)  # table rows repeat (same cells, same layout) within and across documents
def _align(filled: tuple[tuple[int, str], ...], layout: Layout, position: float) -> Placement:
    classes = classify_row(filled)
    roles = layout.roles
    n, m = len(filled), len(roles)
    neg = float("-inf")
    # best[i][j]: best score placing the first i cells using only the first j roles.
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, str] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    texts = [t for _, t in filled]
    # every cell's fit to every role, once (the programme asks for each several times)
    fit = [
        [fits_of(role)[cls] - position * min(abs(col - role_col), MAX_DISTANCE) for role_col, role in roles]
        for (col, _), cls in zip(filled, classes)
    ]
    # a value printed twice is a merged cell's copy, but where the table reports what was achieved
    # the second is that (=95% | =95%: target and result), and is placed
    achieved = any(role == "ACTUAL" for _, role in roles)
    repeats = [
        not achieved and cls in VALUE_CLASSES and text in texts[:i] for i, (text, cls) in enumerate(zip(texts, classes))
    ]
    # where two neighbouring cells may swap columns: one of them holds a typed part
    swappable = [classes[i] in _TYPED or classes[i + 1] in _TYPED for i in range(n - 1)]
    # a row under a category label printing more figures than the table has value columns holds
    # its name among them (时效指标 | 2020年12月完成 | =95% | =95%: a deadline for a name): leaving
    # the name empty costs. A target in words may be a description, and a merged cell's copy is no
    # figure of its own; figures alone are the rest of a row, no row of their own.
    figures = sum(1 for cls, repeat in zip(classes, repeats) if cls in (NUMBER, BARE) and not repeat)
    value_columns = sum(1 for _, role in roles if role in _VALUE_ROLES or role.startswith(PER_UNIT))
    # A row printing a cell in every column, each in its own, is placed where it is printed: its
    # name column holds the name even where that repeats the target (时效指标 | 2020年 | 2020年).
    full = n == m and all(col == role_col for (col, _), (role_col, _) in zip(filled, roles))
    labelled = not {LEVEL1, LEVEL2}.isdisjoint(classes)
    no_name = NO_NAME if full or (figures > value_columns and labelled) else 0.0

    for i in range(n + 1):
        for j in range(m + 1):
            score = best[i][j]
            if score == neg:
                continue
            empty = score + (no_name if j < m and roles[j][1] == "L3" else 0.0)
            if j < m and empty > best[i][j + 1]:  # leave role j empty
                best[i][j + 1], back[i][j + 1] = empty, (i, j, "none")
            if i < n:
                skip = score + (SKIP_REPEAT if repeats[i] else SKIP)
                if skip > best[i + 1][j]:  # leave cell i unplaced
                    best[i + 1][j], back[i + 1][j] = skip, (i, j, "skip")
                if j < m and score + fit[i][j] > best[i + 1][j + 1]:
                    best[i + 1][j + 1], back[i + 1][j + 1] = score + fit[i][j], (i, j, "place")
                if i + 1 < n and j + 1 < m and swappable[i]:
                    # two neighbouring columns whose names a template uses the other way round
                    # (指标性质 holding 正向, 指标方向 holding 大于等于): their cells swap places
                    swapped = score + fit[i][j + 1] + fit[i + 1][j] + SWAP
                    if swapped > best[i + 2][j + 2]:
                        best[i + 2][j + 2], back[i + 2][j + 2] = swapped, (i, j, "swap")
    placement = Placement()
    i, j = n, m
    while (i, j) != (0, 0):
        step = back[i][j]
        assert step is not None
        pi, pj, kind = step
        if kind == "place":
            role = roles[pj][1]
            placement.cells[role] = texts[pi]
            placement.classes[role] = classes[pi]
        elif kind == "swap":
            for cell, role in ((pi, roles[pj + 1][1]), (pi + 1, roles[pj][1])):
                placement.cells[role], placement.classes[role] = texts[cell], classes[cell]
        elif kind == "skip" and not repeats[pi]:
            placement.skipped.insert(0, texts[pi])
        i, j = pi, pj
    return placement
