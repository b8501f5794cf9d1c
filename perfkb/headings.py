"""Indicator lists printed as headings instead of a table (a project's page on a portal):

    【产出指标-数量指标】
    指标1:机柜数量(≥77台)
    指标2:视频监控在线率(≥0.97比例)

A bracketed heading names level 1 and level 2; each line under it is an indicator whose value
is the bracketed text that ends the line. The project is the name printed above the block.
"""

from __future__ import annotations

import re

from .extract import clean_name
from .models import Indicator, Project, Row
from .vocab import categories

_HEADING = re.compile(r"^[【\[]\s*([^】\]\-—－_]+?)\s*[-—－_]\s*([^】\]]+?)\s*[】\]]$")
_SECTION = re.compile(r"^[【\[][^】\]]+[】\]]")  # 【项目概况】:…, 【总体目标】
_GOAL = re.compile(r"^[【\[](?:总体目标|年度目标|绩效目标|年度绩效目标)[】\]][:：]?\s*(.*)$")
_TRAILING_VALUE = re.compile(r"[(（]([^()（）]*)[)）]\s*$")
_AMOUNT_OR_CODE = re.compile(r"^[\d.,\s]+$")


def heading_levels(row: Row) -> tuple[str, str] | None:
    """(level1, level2) if the row is a 【一级-二级】 heading naming known categories."""
    if len(row.cells) != 1:
        return None
    found = _HEADING.match(row.cells[0].strip())
    if found is None:
        return None
    level1, level2 = found.groups()
    cats = categories()
    return (level1, level2) if cats.is_level1(level1) and (cats.is_level2(level2) or cats.is_level1(level2)) else None


def project_above(context: list[Row], line: int) -> Project:
    """The name printed above the block's first 【…】 section (amounts and codes skipped), and the
    goal under 【总体目标】."""
    texts = [(r.line, r.cells[0].strip()) for r in context if len(r.cells) == 1 and r.cells[0].strip()]
    first_section = next((k for k, (_, t) in enumerate(texts) if _SECTION.match(t)), len(texts))
    name, name_line = "", line
    for at, text in reversed(texts[:first_section]):
        if not _AMOUNT_OR_CODE.match(text):
            name, name_line = text, at
            break
    goal = ""
    for k, (_, text) in enumerate(texts):
        found = _GOAL.match(text)
        if found:
            goal = found.group(1) or (
                texts[k + 1][1] if k + 1 < len(texts) and not _SECTION.match(texts[k + 1][1]) else ""
            )
    return Project(name=name or "（未命名项目）", source_line=name_line, goal=goal)


def parse_heading_list(rows: list[Row | None], i: int, context: list[Row]) -> tuple[Project, int]:
    """The project whose heading list starts at rows[i], and the index after the list."""
    project = project_above(context, rows[i].line)
    level1 = level2 = ""
    while i < len(rows):
        row = rows[i]
        if row is None:
            i += 1
            continue
        levels = heading_levels(row)
        if levels is not None:
            level1, level2 = levels
        elif len(row.cells) == 1 and not _SECTION.match(row.cells[0].strip()):
            text = row.cells[0].strip()
            value = _TRAILING_VALUE.search(text)
            name = clean_name(text[: value.start()] if value else text)
            if not name:
                pass  # a placeholder line of the template (指标2:)
            elif value is None:
                break  # a line that is no indicator: the list has ended
            else:
                project.indicators.append(
                    Indicator(level1, level2, name, value=value.group(1).strip(), source_line=row.line)
                )
        else:
            break
        i += 1
    return project, i
