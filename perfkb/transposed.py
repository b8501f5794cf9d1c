"""Transposed tables: the indicators' names in one row, each column's values in a row under it.

    三级指标 新建高校(校区) 工程质量达标率(%) 开工率(%)
    年度目标值
    7 100% 100%
    实施周期目标值
    7 100% 100%

(a template that prints a column per indicator, flattened a row a line; names may wrap onto the
next line, and a row's column name may stand on a line of its own before its values). The n-th
value of the 年度 row is the n-th indicator's target, of the 实施期 row its mid-term one.
"""

from __future__ import annotations

from functools import cache

from .cells import TEXT, VALUE_CLASSES, classify
from .models import Indicator, Row
from .tables import header_role, header_words

_REACH = 8  # lines after the names in which their values must stand
_MIN_NAMES = 2


def _words(row: Row) -> list[str]:
    """A row's cells, or the words of a line that holds one cell (cells split by spaces)."""
    return [c for c in row.cells if c] if len(row.filled) > 1 else row.cells[0].split()


@cache
def _name_column_words() -> tuple[str, ...]:
    """The name column's words (三级指标, 指标名称 …): what the row must open with."""
    strong, _ = header_words()
    return tuple(word for word, role in strong.items() if role == "L3" and word)


def opens_transposed(row: Row) -> bool:
    """The row opens with the name column's own word (三级指标, 指标名称) and goes on."""
    if not row.cells[0].startswith(_name_column_words()):
        return False  # the common row, answered in C
    words = _words(row)
    return len(words) > _MIN_NAMES and header_role(words[0]) == ("L3", True)


def parse_transposed(rows: list[Row | None], i: int) -> tuple[list[Indicator], int] | None:
    """The indicators of a transposed table whose names start at rows[i], and the index after it;
    None unless a row of targets as many as the names (at least) follows them."""
    names = _words(rows[i])[1:]
    values: dict[str, list[str]] = {}
    waiting = ""  # a value row's column name on a line of its own: its values are on the next
    k = end = i + 1
    while k < len(rows) and k <= i + _REACH:
        row = rows[k]
        k += 1
        if row is None:
            continue
        words = _words(row)
        hit = header_role(words[0])
        if hit is not None and hit[0] in ("V", "VY", "VP"):
            # the first value row is the year's target, a second (实施期, 实施周期) the mid-term one
            waiting = "VP" if hit[0] == "VP" or "V" in values else "V"
            words = words[1:]
            if not words:
                continue
        if waiting:
            values[waiting], waiting, end = words, "", k
        elif not values and all(classify(word) == TEXT for word in words):
            names += words  # the names wrapped onto this line
        else:
            break
    targets = values.get("V", [])[: len(names)]
    if len(names) < _MIN_NAMES or len(targets) < len(names) or not all(classify(t) in VALUE_CLASSES for t in targets):
        return None
    periods = values.get("VP", [])[: len(names)]
    periods += [""] * (len(names) - len(periods))
    line = rows[i].line
    return [
        Indicator("", "", name, target, period, source_line=line)
        for name, target, period in zip(names, targets, periods)
    ], end
