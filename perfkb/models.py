"""The plain records that flow through the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field

from .vocab import norm_label


@dataclass(slots=True)  # a large document holds hundreds of thousands: no dict each
class Row:
    """One reconstructed table row: its cells in column order, and where it starts."""

    line: int  # 1-based line number of the row's first line in the source file
    cells: list[str]
    unplaced: bool = False  # text a glued table's split could not place: recorded, never read
    open_end: bool = False  # the document ends inside this row's last cell, before the '|' closing it
    placed: bool = False  # its cells were put in the header's columns by content (a glued row's split)
    gridded: bool = False  # its cells were printed apart (tabs, pipes, a table's grid): each in its column
    # Rows are read many times and not changed once reconstructed, so what every check asks
    # of a row is computed once (a plain attribute: functools.cached_property takes a lock).
    _filled: list[tuple[int, str]] | None = field(default=None, init=False, repr=False, compare=False)
    _labels: tuple[str, ...] | None = field(default=None, init=False, repr=False, compare=False)
    _joined: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def filled(self) -> list[tuple[int, str]]:
        """(column, text) of the non-empty cells."""
        if self._filled is None:
            self._filled = [(i, c) for i, c in enumerate(self.cells) if c]
        return self._filled

    @property
    def labels(self) -> tuple[str, ...]:
        """Every cell as a category label is compared (vocab.norm_label)."""
        if self._labels is None:
            self._labels = tuple(map(norm_label, self.cells))
        return self._labels

    @property
    def joined(self) -> str:
        """The cells joined by tabs: one string for the checks that search a whole row."""
        if self._joined is None:
            self._joined = "\t".join(self.cells)
        return self._joined

    @property
    def text(self) -> str:
        """The non-empty cells joined by ' | ' (not kept: every row's text would double a
        large document's memory)."""
        return " | ".join(filter(None, self.cells))


@dataclass(slots=True)
class Indicator:
    level1: str
    level2: str
    level3: str
    value: str = ""
    value_period: str = ""  # the 实施期 value where the table prints one
    value_for: str = ""  # the unit (乡镇, 区县) whose column the value is in, where each has one
    description: str = ""
    basis: str = ""
    actual: str = ""  # 实际完成值 of a self-evaluation table
    weight: str = ""  # 分值 / 权重 as printed
    score: str = ""  # 得分 as printed
    deviation: str = ""  # 偏差原因分析及改进措施
    direction: str = ""  # 正向 / 反向 where printed
    kind: str = ""  # 定量 / 定性 where a column prints it
    source_line: int = 0


@dataclass
class Project:
    name: str
    source_line: int
    code: str = ""
    budget_wan: float | None = None
    goal: str = ""
    is_department_wide: bool = False
    table_kind: str = "target"  # target (申报/预算), self_evaluation (自评/决算), department (整体)
    indicators: list[Indicator] = field(default_factory=list)


@dataclass
class Problem:
    source_line: int
    kind: str
    message: str
    raw: str = ""
    locator: str = ""  # where in the file ("page 4, table 2, row 7"); set from the line if empty


@dataclass
class Extraction:
    """Everything taken from one document's tables."""

    projects: list[Project] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
