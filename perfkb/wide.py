"""The wide layout: one table for all projects, level-1 categories as column pairs.

    单位编码 | 项目名称 | 资金总额 … | 成本指标        | 产出指标        | 效益指标 …
                                      | 三级指标 | 指标值 | 三级指标 | 指标值 | …

A project's indicators fill each category's column pair from its first row down, so a
category that has ended for a project does not come back. That continuity decides which
category a shifted pair belongs to; the row's column shift, learnt from rows that fill
every open category, breaks the remaining ties. Rows that cannot continue the current
project (more pairs than it has open categories) start the next project's block, whose
name row may follow after a page break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import combinations
from statistics import median

from .models import Indicator, Problem, Project, Row
from .vocab import categories, norm_label

_CODE = re.compile(r"\d{6,}")
_PROJECT_CODE = re.compile(r"\d{12,}")
_AMOUNT = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True)
class WideLayout:
    groups: tuple[tuple[int, str], ...]  # (三级指标 column, level-1 label), left to right
    amounts_in_yuan: bool


def wide_layout(header: Row, subheader: Row) -> WideLayout | None:
    cats = categories()
    labels = [(c, t) for c, t in header.filled if cats.is_level1(t)]
    if len(labels) < 2:
        return None
    name_cols = [c for c, t in subheader.filled if norm_label(t) == "三级指标"]
    if len(name_cols) < 2:
        return None
    groups = []
    for col in name_cols:
        owners = [t for c, t in labels if c <= col] or [labels[0][1]]
        groups.append((col, owners[-1]))
    yuan = any(re.search(r"[(（]元[)）]", norm_label(t)) for _, t in header.filled)
    return WideLayout(tuple(groups), yuan)


@dataclass
class _Block:
    """Rows of one project (or of the next one, before its name row)."""

    open_groups: list[int]
    shift: float | None = None
    indicators: list[Indicator] = field(default_factory=list)


@dataclass
class WideParse:
    layout: WideLayout
    projects: list[Project] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    _block: _Block | None = None
    _pending: _Block | None = None  # rows printed before their project's name row

    def add(self, row: Row) -> None:
        filled = row.filled
        code, name, budget, rest = _split_prefix(filled)
        if code and _PROJECT_CODE.fullmatch(code):
            self._start_project(row, code, name, budget)
        elif code and not rest:
            return  # a department or grand total row
        pairs = _pairs(rest)
        if not pairs:
            if rest:
                self.problems.append(Problem(row.line, "unplaced_row", "no indicator pair in row", row.text))
            return
        if len(pairs) > len(self.layout.groups):  # more than the header has categories: no row of it
            self.problems.append(
                Problem(row.line, "unplaced_row", "more indicator pairs than the header has categories", row.text)
            )
            return
        block = self._pending or self._block
        if block is None or len(pairs) > len(block.open_groups):
            # More categories than the project has open: the next project's rows begin here.
            block = self._pending = _Block(list(range(len(self.layout.groups))))
        self._place(block, pairs, row)

    def finish(self) -> None:
        if self._pending and self._pending.indicators:
            first = self._pending.indicators[0].source_line
            self.problems.append(
                Problem(
                    first,
                    "orphan_rows",
                    f"{len(self._pending.indicators)} indicator rows with no project name row after them",
                )
            )

    def _start_project(self, row: Row, code: str, name: str, budget: float | None) -> None:
        if self.layout.amounts_in_yuan and budget is not None:
            budget = round(budget / 10000, 6)
        project = Project(name=name, source_line=row.line, code=code, budget_wan=budget)
        self.projects.append(project)
        if self._pending is not None:
            self._block, self._pending = self._pending, None
        else:
            self._block = _Block(list(range(len(self.layout.groups))))
        project.indicators = self._block.indicators

    def _place(self, block: _Block, pairs: list[tuple[int, str, str]], row: Row) -> None:
        group_cols = [c for c, _ in self.layout.groups]

        def cost(chosen: tuple[int, ...]) -> float:
            offsets = [col - group_cols[g] for (col, _, _), g in zip(pairs, chosen)]
            if block.shift is not None:
                return sum(abs(o - block.shift) for o in offsets)
            return max(offsets) - min(offsets) + 0.1 * sum(abs(o) for o in offsets)

        chosen = min(combinations(block.open_groups, len(pairs)), key=cost)
        block.shift = median(col - group_cols[g] for (col, _, _), g in zip(pairs, chosen))
        block.open_groups = list(chosen)
        for (_, name, value), g in zip(pairs, chosen):
            block.indicators.append(
                Indicator(level1=self.layout.groups[g][1], level2="", level3=name, value=value, source_line=row.line)
            )


def _split_prefix(filled: list[tuple[int, str]]) -> tuple[str, str, float | None, list[tuple[int, str]]]:
    """(code, name, first amount, remaining cells) of a row that starts with a code."""
    rest = list(filled)
    code = name = ""
    if rest and rest[0][0] == 0 and _CODE.fullmatch(rest[0][1]):
        code = rest.pop(0)[1]
        if rest:
            name = rest.pop(0)[1]
    amounts = []
    while rest and _AMOUNT.fullmatch(rest[0][1]):
        amounts.append(float(rest.pop(0)[1].replace(",", "")))
    return code, name, (amounts[0] if amounts else None), rest


def _pairs(cells: list[tuple[int, str]]) -> list[tuple[int, str, str]]:
    """(column, 三级指标, 指标值) pairs from adjacent cells; a lone name keeps an empty value."""
    pairs = []
    i = 0
    while i < len(cells):
        col, name = cells[i]
        if i + 1 < len(cells) and cells[i + 1][0] == col + 1:
            pairs.append((col, name, cells[i + 1][1]))
            i += 2
        else:
            pairs.append((col, name, ""))
            i += 1
    return pairs
