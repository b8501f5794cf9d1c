"""Recognising a project's name, code, budget and goal in the rows above its table."""

from __future__ import annotations

import re

from .models import Project, Row

NAME_LABELS = ("项目名称", "部门(单位)名称", "单位(项目)名称", "部门名称", "专项名称", "专项资金名称", "项目(专项)名称")
_NAME_LABEL_SET = frozenset(NAME_LABELS)
CODE_LABELS = ("项目编码", "项目代码", "项目编号")
# Budget labels, best first: this year's amount before the whole period's.
BUDGET_LABELS = (
    "年度资金总额",
    "项目本年度金额",
    "本年度金额",
    "预算数",
    "部门预算总额",
    "资金总额",
    "项目总金额",
    "实施期资金总额",
)
GOAL_LABELS = ("年度绩效目标", "年度目标", "总体目标", "绩效目标", "年度履职目标", "项目总目标")
_AMOUNT = re.compile(r"\d[\d,]*(?:\.\d+)?")


_INLINE_NAME = re.compile("^(?:" + "|".join(map(re.escape, NAME_LABELS)) + r")\s*[:：]\s*(\S.*)$")


def _inline_name(cell: str) -> str:
    """项目名称:办公设备购置 printed in one cell -> the name."""
    found = _INLINE_NAME.match(cell.strip())
    return found.group(1).strip() if found else ""


def is_project_marker(row: Row) -> bool:
    if "称" not in row.joined:
        return False  # every name label ends in 名称: the common row, answered in C
    if not _NAME_LABEL_SET.isdisjoint(row.labels):
        return True
    # 项目名称:办公设备购置 in one of the first two cells (the common row has no 名称 at all)
    return any("名称" in c and _inline_name(c) for c in row.cells[:2])


def _after(row: Row, index: int) -> list[str]:
    return [c for c in row.cells[index + 1 :] if c]


def _below(rows: list[Row], row: Row) -> list[str]:
    """A label alone on its row (one cell per line): the next row's one cell, unless a label."""
    k = next((k for k, r in enumerate(rows) if r is row), len(rows))
    nxt = rows[k + 1] if len(row.filled) == 1 and k + 1 < len(rows) else None
    if nxt is None or len(nxt.filled) != 1 or _ANY_LABEL.match(nxt.labels[nxt.filled[0][0]]):
        return []
    return [nxt.filled[0][1]]


_ANY_LABEL = re.compile("|".join(map(re.escape, NAME_LABELS + CODE_LABELS + BUDGET_LABELS + GOAL_LABELS)))
_UNIT = re.compile(r"单位:(万?元)")

Cell = tuple[Row, int, str]  # a row, a cell's index in it, the cell as a label


def _label_cells(rows: list[Row]) -> list[Cell]:
    """The cells that start with one of the labels: the only ones the lookups below read."""
    return [(row, i, label) for row in rows for i, label in enumerate(row.labels) if _ANY_LABEL.match(label)]


def _labelled(cells: list[Cell], labels: tuple[str, ...]) -> list[tuple[str, Row, int]]:
    """(label, row, cell index) for every cell that is one of labels, best label first."""
    found = []
    for row, i, label in cells:
        for rank, wanted in enumerate(labels):
            if label == wanted or (label.startswith(wanted) and _AMOUNT.search(label[len(wanted) :])):
                found.append((rank, row.line, i, row))
    return [(labels[rank], row, i) for rank, _, i, row in sorted(found, key=lambda f: (f[0], f[1]))]


def _amount_unit_is_yuan(rows: list[Row], row: Row) -> bool:
    first = row.labels[0] if row.cells else ""
    if re.search(r"[(（]元[)）]", first):
        return True
    for other in rows:
        for label in other.labels:
            unit = _UNIT.fullmatch(label)
            if unit:
                return unit.group(1) == "元"
    return False


def _budget(rows: list[Row], cells: list[Cell]) -> float | None:
    for label, row, i in _labelled(cells, BUDGET_LABELS):
        inline = row.labels[i][len(label) :]
        candidates = [inline] + _after(row, i)[:1]
        for text in candidates:
            found = amount(text)
            if found is not None:
                return round(found / 10000, 6) if _amount_unit_is_yuan(rows, row) else found
    return None


def amount(text: str | None) -> float | None:
    """The first number printed in a cell (1,020.5, 20分, 10.00) -> its value; None if there is none."""
    match = _AMOUNT.search((text or "").replace("，", ","))
    return float(match.group().replace(",", "")) if match else None


def _goal(cells: list[Cell]) -> str:
    for _, row, i in _labelled(cells, GOAL_LABELS):
        texts = _after(row, i)
        if texts:
            # Side-by-side 实施期 | 年度 goals: the 年度 one is the last printed.
            return texts[-1]
    return ""


def project_from_rows(rows: list[Row], fallback_line: int) -> Project:
    """The project described by the rows between its marker and its indicator table."""
    name, line = "", fallback_line
    cells = _label_cells(rows)
    for _, row, i in _labelled(cells, NAME_LABELS):
        after = _after(row, i) or _below(rows, row)
        if after:
            name, line = after[0], row.line
            break
    if not name:
        name, line = next(((n, row.line) for row in rows for c in row.cells if (n := _inline_name(c))), ("", line))
    code = next((after[0] for _, row, i in _labelled(cells, CODE_LABELS) if (after := _after(row, i))), "")
    titles = " ".join(c for row in rows for c in row.cells if "绩效目标表" in c)
    wide = "整体" in titles or "整体" in name or any("部门(单位)名称" in r.labels for r in rows)
    return Project(
        name=name,
        source_line=line,
        code=code,
        budget_wan=_budget(rows, cells),
        goal=_goal(cells),
        is_department_wide=wide,
    )
