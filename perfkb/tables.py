"""Recognising an indicator table's header and what each of its columns holds."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Row

# Header words -> column role. A second 二级/三级/指标值 column is the 年度 side of a
# table that prints 实施期 and 年度 targets side by side.
HEADER_ROLES = {
    "一级指标": "L1",
    "二级指标": "L2",
    "三级指标": "L3",
    "指标名称": "L3",
    "绩效指标描述": "DESC",
    "指标解释": "DESC",
    "指标内容": "DESC",
    "指标值": "V",
    "目标值": "V",
    "年度指标值": "V",
    "指标目标值": "V",
    "指标值确定依据": "BASIS",
    "指标值说明": "BASIS",
    "指标值设定依据": "BASIS",
}
SECOND_SIDE = {"L2": "L2Y", "L3": "L3Y", "V": "VY"}


@dataclass(frozen=True)
class Layout:
    """Column roles of one header: [(column, role)], left to right."""

    roles: tuple[tuple[int, str], ...]

    @property
    def has_period(self) -> bool:
        return any(role == "VY" for _, role in self.roles)

    def column(self, role: str) -> int | None:
        return next((c for c, r in self.roles if r == role), None)


def header_layout(row: Row) -> Layout | None:
    """The layout if this row is an indicator-table header (names 三级指标 and a level above)."""
    labels = row.labels
    if "三级指标" not in labels or not ({"一级指标", "二级指标"} & set(labels)):
        return None
    roles: list[tuple[int, str]] = []
    seen: set[str] = set()
    for col, label in enumerate(labels):
        role = HEADER_ROLES.get(label)
        if role is None:
            continue
        if role in seen and role in SECOND_SIDE:
            role = SECOND_SIDE[role]
        seen.add(role)
        roles.append((col, role))
    return Layout(tuple(roles))


_PAGE_TITLE = re.compile(r"绩效目标表|^[(（]\s*\d{4}\s*年度?\s*[)）]$|^单位[:：]\s*(万?元)$|^第\s*\d+\s*页")


def is_page_furniture(row: Row) -> bool:
    """Titles and unit lines a page break repeats inside or between tables."""
    filled = row.filled
    return len(filled) == 1 and bool(_PAGE_TITLE.search(re.sub(r"\s+", "", filled[0][1])))


_END_OF_TABLE = re.compile(r"^(负责人|项目负责人|联系人|联系电话|经办人|填报人|填报日期|审核人)[:：]?")


def ends_table(row: Row) -> bool:
    """The signature block (负责人/经办人/联系电话) that closes a table: never data."""
    first = next((c for c in row.cells if c), "")
    return bool(_END_OF_TABLE.match(first))
