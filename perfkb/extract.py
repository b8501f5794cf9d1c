"""Turning the rows of header-driven indicator tables into projects and indicators.

Covers every layout whose header names 一级/二级/三级指标 (with 指标值, 绩效指标描述,
指标值确定依据, and 实施期 | 年度 sides where printed). The wide column-pair layout is in
wide.py; the document walk that finds tables is in walk.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from .align import align
from .cells import BARE, KIND, LEVEL1, LEVEL2, NUMBER, QUALITATIVE, TEXT, VALUE_CLASSES, classify, classify_row
from .headerless import widened
from .models import Indicator, Problem, Row
from .tables import PER_UNIT, PROJECT_ROLES, Layout, header_role, with_category_roles
from .values import VALUE_KIND, compose_value, operator_pattern
from .vocab import POINTS, TEMPLATE_NUMBER, Categories, categories, without_weight

# Template numbering before a name (指标1:) is not part of it; a name that is nothing else, or
# an ellipsis, is a template placeholder row.
_PLACEHOLDER = re.compile(r"^(?:[.…。·\s/\-—–－]*|指标\s*\d+)$")  # ……, -, or 指标2 with nothing after it
LOST_LABEL = re.compile(f"^{POINTS}$")  # (50分): a label's weight, the label lost


@cache
def _value_in_name() -> re.Pattern:
    """A target glued to the end of a name in a row whose value cells are empty: a share, or a
    figure after an operator (服务对象满意度≥90%, 完成率100%); a figure with another unit may be
    the name's own (建设二级公路32.1公里)."""
    return re.compile(
        rf"(?<=[\u4e00-\u9fff])(?:(?:{operator_pattern().pattern})\s*\d+(?:\.\d+)?\S{{0,4}}|\d+(?:\.\d+)?%)$"
    )


def _is_sub_header(filled: list[tuple[int, str]]) -> bool:
    """The second row of a header (2021年实际实现值 | 预期2022年实现值 under 指标值): it names a
    column and holds no value, category or name of its own."""
    return any(header_role(text) for _, text in filled) and all(
        header_role(text) or (classify(text) == TEXT and (_YEARLY.search(text) or _SCORE_COLUMN.search(text)))
        for _, text in filled
    )


_YEARLY = re.compile(r"(?:19|20)\d{2}年")
_SCORE_COLUMN = re.compile(r"(?:得分|分值)$")  # 单项指标折算得分: a score column the vocabulary does not spell


# A template's instruction to whoever fills it in (数量指标(必填硬性指标), 经济效益指标(选填)) and a
# printed weight or score range (产出指标(50分), 成本指标(0-20)分) are not part of a category label.
_INSTRUCTION = re.compile(r"\s*[(（][^()（）]*(?:必填|选填)[^()（）]*[)）]\s*$")


def without_instruction(label: str) -> str:
    """A category label as stored: no fill-in instruction, no printed weight."""
    if "填" in label:
        label = _INSTRUCTION.sub("", label)
    return without_weight(label) if label[-1:] in ")）分" else label


def clean_name(text: str) -> str:
    name = TEMPLATE_NUMBER.sub("", text).strip()
    return "" if _PLACEHOLDER.match(name) else name


@dataclass
class Entry:
    """One data row of a table: its printed labels and, if it names one, an indicator."""

    line: int
    level1: str
    level2: str
    indicator: Indicator | None
    project: dict[str, str] = field(default_factory=dict)  # PROJECT/AGENCY/BUDGET/GOAL cells printed on it


@dataclass
class TableParse:
    layout: Layout
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    after_break: bool = False  # a page break (blank line, repeated header/title) since the last row
    # the text starts inside the table (no header): rows before its first label belong to a
    # block whose labels were above the cut, so no label below is filled up onto them
    cut_above: bool = False
    spilling: Indicator | None = None  # the indicator whose values the rows under it print
    weights: set[str] = field(default_factory=set)  # the weights the table's rows print
    last_width: int = 0  # cells of the last row read as an indicator's
    widest: int = 0  # cells of the widest row read so far

    def __post_init__(self) -> None:
        self.layout = with_category_roles(self.layout)

    def page_break(self, new_layout: Layout | None = None) -> None:
        self.after_break = True
        if new_layout is not None:
            self.layout = with_category_roles(new_layout)

    def add(self, row: Row) -> None:
        filled = row.filled
        if row.unplaced:
            self.problems.append(
                Problem(row.line, "unplaced_row", "glued text that no row of the table explains", row.text)
            )
            return
        if not filled or (not self.entries and _is_sub_header(filled)):
            return
        if not self.entries and (wider := widened(self.layout, row)) is not None:
            self.layout = with_category_roles(wider)
            self.problems.append(
                Problem(
                    row.line,
                    "header_widened",
                    "the table's rows print more cells than its header names columns; columns read from the "
                    f"first row's content: {' | '.join(role for _, role in wider.roles)}",
                    row.text,
                )
            )
        last = self._last_indicator()
        if self.after_break and last is not None and self._is_wrapped_remainder(filled):
            self._merge_remainder(last, filled)
        elif last is not None and self._spilled_values(last, filled):
            return
        else:
            self._add_row(row, filled)
            self.last_width, self.widest = len(filled), max(self.widest, len(filled))
        self.after_break, self.spilling = False, None

    def groups(self) -> list[tuple[dict[str, str], list[Indicator]]]:
        """The indicators by project where the table lists several (a project's own cells printed on
        its first row only): (that row's project cells, its indicators); one group otherwise."""
        found = self.indicators()
        groups: list[tuple[dict[str, str], list[Indicator]]] = []
        keep = {id(i) for i in found}
        for entry in self.entries:
            if entry.project.get("PROJECT") and (
                not groups or groups[-1][0].get("PROJECT") != entry.project["PROJECT"]
            ):
                groups.append((entry.project, []))
            if entry.indicator is not None and id(entry.indicator) in keep:
                if not groups:
                    groups.append(({}, []))
                groups[-1][1].append(entry.indicator)
        return groups

    def indicators(self) -> list[Indicator]:
        resolve_levels(self.entries, fill_up=not self.cut_above)
        found = [e.indicator for e in self.entries if e.indicator is not None]
        # Boilerplate that other rows print in their 评分标准/描述 column (未达指标值酌情扣分) is
        # not a name where a row has nothing else: that row's name and value are missing.
        boilerplate = {text for i in found for text in (i.basis, i.description) if text}
        kept = []
        for ind in found:
            if ind.level3 in boilerplate and not (ind.value or ind.value_period or ind.actual):
                self.problems.append(
                    Problem(
                        ind.source_line,
                        "unplaced_row",
                        "row without an indicator name or value (only the column text other rows repeat)",
                        f"{ind.level1} | {ind.level2} | {ind.level3}",
                    )
                )
            else:
                kept.append(ind)
        return kept

    def _spilled_values(self, last: Indicator, filled: list[tuple[int, str]]) -> bool:
        """Values alone on the rows under an indicator printed without them (its name's row, then
        有效, then 有效 | 10 | 10): its value, then what it achieved, its weight and its score. Or the
        rest of a row that stopped at its value, narrower than the table's (…| 定性 | 好坏, then
        好坏 | 5 | 5): what it achieved, its weight and its score."""
        valued = bool(last.value or last.value_period)
        rest = (
            valued
            and last is not self.spilling
            and not (last.actual or last.weight or last.score)
            and self.last_width + len(filled) <= self.widest
        )
        if valued and last is not self.spilling and not rest:
            return False  # the common row, answered before its cells are classified
        if not VALUE_CLASSES.issuperset(classify_row(filled)) or (rest and not _figures_after(filled)):
            return False
        empty = [a for a in ("value", "actual", "weight", "score") if not getattr(last, a)]
        empty = [a for a in empty if a == "value" or rest or self.layout.has(a.upper())]
        if len(filled) > len(empty):
            return False
        for attr, (_, text) in zip(empty, filled):
            setattr(last, attr, text)
        self.spilling = last
        return True

    def _last_indicator(self) -> Indicator | None:
        return next((e.indicator for e in reversed(self.entries) if e.indicator), None)

    def _is_wrapped_remainder(self, filled: list[tuple[int, str]]) -> bool:
        """A page break split a row: its rest holds only text right of the 三级指标 column, in a
        table with a column to put it in."""
        name_col = self.layout.column("L3")
        if name_col is None or not self._remainder_roles():
            return False
        classes = classify_row(filled)
        return all(col > name_col for col, _ in filled) and not {LEVEL1, LEVEL2, NUMBER, BARE} & set(classes)

    def _remainder_roles(self) -> list[tuple[int, str]]:
        return [(c, r) for c, r in self.layout.roles if r in ("DESC", "V", "VY", "BASIS")]

    def _merge_remainder(self, last: Indicator, filled: list[tuple[int, str]]) -> None:
        targets = self._remainder_roles()
        for col, text in filled:
            _, role = min(targets, key=lambda t: abs(t[0] - col))
            attr = {
                "DESC": "description",
                "V": "value_period" if self.layout.has_period else "value",
                "VY": "value",
                "BASIS": "basis",
            }[role]
            setattr(last, attr, getattr(last, attr) + text)

    def _add_row(self, row: Row, filled: list[tuple[int, str]]) -> None:
        # A gridded row as wide as the header, its last cell filled, prints each cell in its column,
        # blanks included (a row a conversion shifted left ends in a blank it was padded with).
        exact = row.placed or (row.gridded and len(row.cells) == self.layout.roles[-1][0] + 1 and bool(row.cells[-1]))
        placement = align(filled, self.layout, exact=exact)
        placed, skipped = dict(placement.cells), placement.skipped  # a copy: placements are shared
        if self._weight_and_score_only(placed):
            placed["WEIGHT"], placed["SCORE"] = [placed.pop(role) for role in _FIGURES if role in placed]
        if placement.classes.get("OP") == KIND and "KIND" not in placed:
            placed["KIND"] = placed.pop("OP")  # 指标性质 printing 定量指标: the value's kind, no operator
        if self.cut_above and placement.classes.get("V") == KIND and placed.get("ACTUAL") and "KIND" not in placed:
            # columns read from the rows: a value's kind alone where the target goes (定性 |
            # 优良中低差) is its kind, and the cell after it the target
            placed["KIND"], placed["V"] = placed["V"], placed.pop("ACTUAL")
        # a weight or score is a figure (10, 10分, 20%): anything else there is a scrambled row's
        # cell, recorded rather than stored as a number (116次)
        unfit = [
            role for role in ("WEIGHT", "SCORE") if placed.get(role) and not _POINTS_FIGURE.fullmatch(placed[role])
        ]
        skipped = [*skipped, *(placed.pop(role) for role in unfit)]
        level1 = without_instruction(placed.get("L1", ""))
        # the 年度 side's label where both sides print one (the value stored is the 年度 one)
        level2 = without_instruction(
            (placed.get("L2Y") or placed.get("L2", ""))
            if self.layout.has_period
            else (placed.get("L2") or placed.get("L2Y", ""))
        )
        name = clean_name(_pick_name(placed.get("L3", ""), placed.get("L3Y", "")))
        if name == "0":
            name = ""  # an unused row a form prints as 成本指标 | 经济成本指标 | 0 | 0.00%: no name
        has_value = any(placed.get(role) for role in ("V", "VY", "VP", "ACTUAL")) or (
            self.layout.has_per_unit and any(role.startswith(PER_UNIT) for role in placed)
        )
        if name and name in (level1, level2) and not (placed.get("V") or placed.get("VY")):
            name = ""  # a category label repeated on the other side: a heading, not an indicator
        if not name and has_value and not (level1 or level2):
            # a name read as a phrase (确保日常工作正常运行 | 100%, 实现社会稳定和谐发展 | 长期) went to a
            # text column: a row has a name (a title column's own word, 绩效指标, is not one); so
            # does a name alone in a many-project table's first column, where the row prints none
            # of a project's other cells (budget, goal)
            lone_project = not (placed.get("BUDGET") or placed.get("GOAL") or placed.get("AGENCY"))
            texts = ("DESC", "NOTE", "PROJECT") if lone_project else ("DESC", "NOTE")
            role = next((r for r in texts if placed.get(r) and header_role(placed[r]) is None), None)
            name = placed.pop(role) if role else name
        if (
            not name
            and has_value
            and (level2 or level1)
            and not placed.get("L3")
            and not _NOUGHT.match(placed.get("V", ""))
        ):
            # A value beside labels only: the last label is the indicator's name (2.财务管理 | 支出
            # 符合…, 成本指标 | 社会成本指标 | 100), and a level-2 label before it its level 2; not
            # where the value is nought (社会成本指标 | 0 | 0.00%: a form's category left unused).
            if level2:
                name, level2 = level2, level1 if level1 and categories().is_level2(level1) else ""
                level1 = "" if not level2 else level1
                level1 = "" if level2 == level1 else level1
            else:
                name, level1 = level1, ""
        if not (name or level1 or level2) and all(not clean_name(text) for _, text in filled):
            return  # a template placeholder row (……, 指标2:): nothing to keep
        if len(filled) == 1 and LOST_LABEL.match(name):
            return  # a category's weight printed without its label: no indicator, no category
        if not (name or level1 or level2):
            self.problems.append(
                Problem(row.line, "unplaced_row", "table row with no indicator name or category", row.text)
            )
            return
        if skipped:
            self.problems.append(
                Problem(row.line, "unplaced_cell", f"cell text placed in no column: {' | '.join(skipped)}", row.text)
            )
        if not name:
            labels = ("L1", "L2", "L2Y")
            content = [placed[r] for r in ("V", "VY", "DESC", "BASIS") if r in placed]
            unknown = [placed[r] for r in labels if r in placed and placement.classes[r] not in (LEVEL1, LEVEL2)]
            if content:
                self.problems.append(
                    Problem(
                        row.line, "unplaced_row", f"values without an indicator name: {' | '.join(content)}", row.text
                    )
                )
            elif unknown:
                # A heading whose label no vocabulary knows may be an indicator in disguise: say so.
                self.problems.append(
                    Problem(
                        row.line,
                        "unknown_heading",
                        f"row read as a category heading with unknown label(s): {' | '.join(unknown)}",
                        row.text,
                    )
                )
            self.entries.append(Entry(row.line, level1, level2, None, _project_cells(placed, self.layout)))
            return
        if self.layout.has_period:
            value, period = placed.get("VY", ""), placed.get("V", "")
            if period and not value and not placed.get("L3Y"):
                value, period = period, ""  # the one value of a row printed on one side only
        else:
            value, period = placed.get("V", ""), placed.get("VP", "")
        value = compose_value(placed.get("OP", ""), value, placed.get("UNIT", ""))
        if not (value or period) and (glued := _value_in_name().search(name)):
            name, value = name[: glued.start()], glued.group()  # 年度资金支付完成率100%: a name holds no target
        indicator = Indicator(
            level1="",
            level2="",
            level3=name,
            value=value,
            value_period=period,
            description=placed.get("DESC", ""),
            basis=placed.get("BASIS", ""),
            actual=placed.get("ACTUAL", ""),
            weight=placed.get("WEIGHT", ""),
            score=placed.get("SCORE", ""),
            deviation=placed.get("DEVIATION", ""),
            direction=placed.get("DIRECTION", ""),
            kind=VALUE_KIND.sub(r"\1", kind) if (kind := placed.get("KIND")) else "",  # 定量指标 is 定量
            source_line=row.line,
        )
        units = self.layout.has_per_unit and [
            (role.removeprefix(PER_UNIT), placed[role])
            for _, role in self.layout.roles
            if role.startswith(PER_UNIT) and placed.get(role)
        ]
        if units and not (value or period):
            # a value column per unit (乡镇, 区县): an indicator per unit, each with its column's name
            for unit, text in units:
                each = replace(indicator, value=text, value_for=unit)
                self.entries.append(Entry(row.line, level1, level2, each, _project_cells(placed, self.layout)))
            return
        last = self.entries[-1].indicator if self.entries else None
        if self.cut_above and last is not None and last.level3 == name and not period and not last.value_period:
            # the same indicator again in a table read without its header: a two-sided form's
            # sides grouped a side a row (中期, then 年度), the second the year's target and labels
            last.value_period, last.value = last.value, value
            self.entries[-1].level2 = level2 or self.entries[-1].level2
            return
        self.entries.append(Entry(row.line, level1, level2, indicator, _project_cells(placed, self.layout)))
        if indicator.weight:
            self.weights.add(indicator.weight)

    def _weight_and_score_only(self, placed: dict[str, str]) -> bool:
        """Two numbers alone after a name, in a table whose rows print target, result, weight and
        score (工程质量合格 | 10 | 10), where the first is a weight its rows print: the row's weight
        and score, its target and result left empty."""
        if not self.weights:
            return False  # the common table: no row prints a weight
        figures = [placed[role] for role in _FIGURES if placed.get(role)]
        return (
            len(figures) == 2
            and figures[0] in self.weights
            and figures[1].replace(".", "", 1).isdigit()
            and self.layout.has("WEIGHT")
            and self.layout.has("SCORE")
        )


_NOUGHT = re.compile(r"0(?:\.0+)?%?$")
_FIGURES = ("V", "ACTUAL", "WEIGHT", "SCORE")  # what a self-evaluation row prints after its name
_POINTS_FIGURE = re.compile(r"\d+(?:\.\d+)?[%分]?")


def _project_cells(placed: dict[str, str], layout: Layout) -> dict[str, str]:
    cells = {role: placed[role] for role in PROJECT_ROLES if placed.get(role)}
    if "AGENCY" in cells and "PROJECT" not in cells and "BUDGET" in cells and layout.has("PROJECT"):
        if not _AGENCY.search(cells["AGENCY"]):
            # the agency's cell merged over its projects prints once: a later project's row opens
            # with its own name and budget, which took the first column
            cells["PROJECT"] = cells.pop("AGENCY")
    return cells


# what an agency's cell reads like: its budget code (801001-…), or an office's name (…人民政府)
_AGENCY = re.compile(r"^\d{3,}\s*[-—－]|(?:政府|局|委员会|办事处|部门|单位)$")


def _figures_after(filled: list[tuple[int, str]]) -> bool:
    """What a row prints after its value: a short result, then weight and score, as numbers."""
    classes = classify_row(filled)
    return BARE in classes and all(
        cls in (NUMBER, BARE) or (cls == QUALITATIVE and len(text) <= _SHORT_RESULT)
        for cls, (_, text) in zip(classes, filled)
    )


_SHORT_RESULT = 4  # characters: 好坏, 达标, 已完成


def _pick_name(left: str, right: str) -> str:
    """The indicator name of a side-by-side row: one side may be truncated."""
    if left and right and len(right) > len(left) and right.startswith(left):
        return right
    return left or right


def siblings(cats: Categories, one: str, other: str) -> bool:
    """Two different level-2 labels that may sit under the same level 1."""
    first, second = cats.find_level2(one), cats.find_level2(other)
    return first is not None and second is not None and first is not second and bool(first.parents & second.parents)


def resolve_levels(entries: list[Entry], fill_up: bool = True) -> None:
    """Fill merged 一级/二级 cells down, honouring where the vocabulary says a label belongs.

    A merged level-1 cell prints once, often on the middle row of its span, so a row's own
    printed label, the one above and the one below are all candidates; the first one under
    which the row's level-2 label may sit wins. fill_up=False: the rows before the first
    printed label take none from below.
    """
    cats = categories()
    # A label that is level 1 in most templates and level 2 under one (产出指标 under 实施效果指标)
    # read as a level 2 is a level 1 where no level 1 printed in the table can hold it (a merged
    # level-1 cell printed beside a name, its level-2 cell not printed; a table printing no
    # level 1 at all is a two-level template, where it is a level 2).
    # The other way round, such a label printed alone where a level 1 printed in the table can
    # hold it (成本指标 under 产出指标 in pre-2021 templates) is a level 2.
    for k, e in enumerate(entries):
        # a heading row of such a label (产出指标 alone, the table printing no level-1 column) is
        # the level 1 of the level-2 labels under it where they fit beneath it
        if e.indicator is None and e.level2 and not e.level1 and cats.is_level1(e.level2):
            below = next((later.level2 for later in entries[k + 1 :] if later.level2), "")
            if below and cats.fits(e.level2, below):
                e.level1, e.level2 = e.level2, ""
    tops = {e.level1 for e in entries if e.level1}
    # where the table's start was cut, the rows before its first level 1 sit under one lost above
    unseen = 0 if fill_up else next((k for k, e in enumerate(entries) if e.level1), len(entries))
    above = ""  # the last level 2 printed above the row
    for k, e in enumerate(entries):
        sibling, above = bool(above) and siblings(cats, above, e.level2), e.level2 or above
        if (
            k >= unseen
            and tops
            and e.level2
            and e.level2 != e.level1  # 满意度指标 | 满意度指标: the label is both, as printed
            and not sibling  # 成本指标 after 时效指标 rows: one more level 2 of their level 1
            and cats.is_level1(e.level2)
            and cats.is_level2(e.level2)
            and not any(cats.fits(top, e.level2) for top in tops)
        ):
            e.level1, e.level2 = e.level2, ""
        elif e.level1 and not e.level2 and any(cats.fits(top, e.level1) for top in tops - {e.level1}):
            e.level1, e.level2 = "", e.level1
    carried_l2 = ""
    resolved_l1 = ""
    before = ""  # the last level 1 printed above the row
    dropped = ""  # that label, where a level 2 printed under it excludes it
    after = [""] * (len(entries) + 1)  # the first level 1 printed below each row
    for i in range(len(entries) - 1, 0, -1):
        after[i - 1] = entries[i].level1 or after[i]
    if not fill_up:
        first = next((i for i, e in enumerate(entries) if e.level1 or e.level2), len(entries))
        after[:first] = [""] * first
    for i, entry in enumerate(entries):
        if entry.level2:  # a level 2 the label above excludes: so are the rows under it
            dropped = before if cats.is_level1(before) and cats.fits(before, entry.level2) is False else ""
        candidates = [c for c in (entry.level1, before, after[i]) if c]
        level2 = entry.level2 or carried_l2
        level1 = next((c for c in candidates if cats.fits(c, level2)), "")
        if not level1:
            # none fits: the row's own label, else one above or below where the vocabulary cannot
            # tell (a label that excludes the row's level 2 heads another group: 产出指标 above 社会
            # 效益 rows whose 效益指标 was lost, 成本指标 below 时效指标 rows)
            excluded = bool(dropped) and before == dropped
            below = after[i] if cats.fits(after[i], level2) is None else ""
            level1 = entry.level1 or ("" if excluded else before) or below
        before = entry.level1 or before
        if not entry.level2 and level1 != resolved_l1 and not cats.fits(level1, carried_l2):
            level2 = ""  # a new level-1 group does not inherit the previous group's level 2
        resolved_l1, carried_l2 = level1, level2
        if entry.indicator is not None:
            entry.indicator.level1 = level1
            entry.indicator.level2 = level2
