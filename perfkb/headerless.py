"""Columns read from the rows themselves, where no header names them.

Two cases: indicator rows before any header (a page excerpt that starts in the middle of a
table), and rows printing more cells than their header names columns (widened). The columns
come from what the cells hold: the category labels, the indicator's name, a description, then
its value (an operator, a number and a unit where they stand in cells of their own). Only a
run of rows where several print category labels and all hold a name and a value is taken for a
table, so that budget tables (names and numbers, no categories) are not.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

from .cells import (
    BARE,
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
    reads_as_basis,
)
from .models import Row
from .tables import NUMBERING, PROJECT_ROLES, Layout, header_role
from .vocab import TEMPLATE_NUMBER, categories

_WINDOW = 6  # rows looked at from a candidate start
_LABELLED = 2  # rows in the window printing a category label


@cache
def _all_labels() -> frozenset[str]:
    cats = categories()
    return frozenset(cats.level1_std) | frozenset(cats.level2)


def _labelled(row: Row) -> bool:
    """A category label printed, or a template's numbering (指标3:) before the row's name: what
    marks a row as an indicator table's rather than a budget table's."""
    return not _all_labels().isdisjoint(row.labels) or bool(TEMPLATE_NUMBER.match(row.cells[0]))


def _row_like(row: Row) -> list[str] | None:
    """The classes of a row holding a name and then a value, else None."""
    filled = row.filled
    if len(filled) < 2:
        return None
    classes = classify_row(filled)
    if TEXT not in classes:
        return None
    name = classes.index(TEXT)
    if all(c in (LEVEL1, LEVEL2) for c in classes[:name]) and any(c in VALUE_CLASSES for c in classes[name + 1 :]):
        return classes
    return None


def _block_row(row: Row) -> list[str] | None:
    """The classes of a row opening on a category label, then printing two cells at least
    whatever they hold: a row whose target is in words (项目完成指标 | 质量指标 | 改善养老服务基础
    条件 | 改善条件 | 明显改善), whose name reads as a value or a label (时效指标 | 全年 | 1-12月,
    成本指标 | 成本 | 10万元), or whose name is lost and its value printed in its place (2020年 |
    2020年 | 2020年), where other rows of the run give the table's shape."""
    classes = classify_row(row.filled)
    if classes[0] in (LEVEL1, LEVEL2) and len(_after_labels(classes)) >= _NAME_AND_TARGET:
        return classes
    return None


_TARGET_CLASSES = VALUE_CLASSES - {BARE}  # what a target holds right after the name (a bare figure may be a weight)
_NAME_AND_TARGET = 2  # cells after a block row's labels at least
_TARGET_AND_MORE = (2, 3)  # cells after the labels in block rows alone: the name, target (and result)


def _both_levels(classes: list[str]) -> bool:
    """A level-1 and a level-2 label before the name: a block's first row, the rows under it
    printing no label (merged cells print once)."""
    return classes[:2] == [LEVEL1, LEVEL2]


def _rest_of_row(row: Row) -> bool:
    """Values alone: the rest of the row above (好坏 | 5 | 5: what it achieved, its weight, its score)."""
    return 0 < len(row.filled) <= _REST and VALUE_CLASSES.issuperset(classify_row(row.filled))


_REST = 4  # cells: what a row's rest on the next line holds at most


def headerless_layout(rows: list[Row | None], i: int) -> Layout | None:
    """A layout read from the rows if an indicator table without a header starts at row i."""
    if len(rows[i].cells) < 2:
        return None  # a line of text
    if not _labelled(rows[i]):
        # the next row is labelled, or the one after it, past the rest of this one (| 100 | 5 |)
        # or another row of the block the excerpt opened in, printing what this one prints
        after = [r for r in rows[i + 1 : i + 1 + _WINDOW] if r is not None][:2]
        if not any(map(_labelled, after)):
            return None  # the common row, answered without classifying cells
        if not _labelled(after[0]) and not _rest_of_row(after[0]) and not _alike(rows[i], after[0]):
            return None
    window = [r for r in rows[i : i + 2 * _WINDOW] if r is not None][:_WINDOW]
    run = []
    valued = []  # the classes of the rows holding a name, then a value: the table's shape
    for row in window:
        if _rest_of_row(row) or row.unplaced:
            continue  # the rest of the row above, or a glued row's text split with no confidence
        classes = _row_like(row)
        if classes is not None:
            valued.append(classes)
        elif (classes := _block_row(row)) is None:
            break
        run.append((row, classes))
    block_widths = {len(classes) for _, classes in run}
    if len(valued) < _LABELLED and len(block_widths) == 1 and all(_both_levels(classes) for _, classes in run):
        # block rows alone, every one printing both labels and as wide (项目完成指标 | 质量指标 |
        # name | target | result): the name, then the target and what else the row prints, in words
        width = block_widths.pop() - 2
        if _TARGET_AND_MORE[0] <= width <= _TARGET_AND_MORE[1]:
            valued = [[TEXT] + [QUALITATIVE] * (width - 1)] * _LABELLED
    if (
        len(run) < 3
        or len(valued) < _LABELLED
        or (sum(1 for row, _ in run if _labelled(row)) < _LABELLED and not _both_levels(run[0][1]))
    ):
        return None  # too few rows, or labelled too seldom (a budget table: names and amounts)
    # the columns right of the labels as many as most rows holding a value print (the most
    # among those as common): merged label cells print on a block's first row only, and a merged
    # or scrambled row is not the table's shape. Of those, the cells as a row with a value right
    # after its name prints them (20TB | 20TB | 10), not one whose target is in words (资源以当年
    # 出版为主 | 资源以当年出版为主 | 10, which would read the first as a description); else as
    # most rows print them
    tails = Counter(tuple(_after_labels(classes)) for classes in valued)
    widths = Counter(len(tail) for tail in tails.elements())
    width = max(widths, key=lambda n: (widths[n], n))
    shape = max(
        (tail for tail in tails if len(tail) == width),
        key=lambda tail: (len(tail) > 1 and tail[1] in _TARGET_CLASSES, tails[tail]),
    )
    printed = {cls for _, classes in run for cls in classes}
    labels = [role for cls, role in ((LEVEL1, "L1"), (LEVEL2, "L2")) if cls in printed]
    roles = _roles(list(shape))
    if KIND in printed and "KIND" not in roles and "V" in roles:
        roles.insert(roles.index("V"), "KIND")  # a row or two printing the value's kind (定性 | 优良中低差)
    named = labels + roles
    # the columns where a row printing every one of them has them (a leading empty cell skipped)
    columns = next((cols for row, _ in run if len(cols := [col for col, _ in row.filled]) == len(named)), None)
    return Layout(tuple(zip(columns or range(len(named)), named)))


def _alike(row: Row, other: Row) -> bool:
    """Two rows holding a name and a value, their cells of the same kinds in the same order, and
    not the same cells (a two-sided form's sides, 中期 | 年度, grouped a side a row)."""
    classes, others = _row_like(row), _row_like(other)
    return classes is not None and classes == others and row.filled != other.filled


def _after_labels(classes: list[str]) -> list[str]:
    """A row's classes from its name on."""
    name = next((k for k, cls in enumerate(classes) if cls not in (LEVEL1, LEVEL2)), len(classes))
    return classes[name:]


def widened(layout: Layout, row: Row) -> Layout | None:
    """For a header that cannot hold its first row (two cells more than it names columns: an
    operator, a unit, a description printed in columns it does not name), the columns read from
    the row's content up to its value, then the header's own columns after its value in order;
    None where the header holds the row."""
    filled = row.filled
    if len(filled) <= len(layout.roles) + 1 or (classes := _row_like(row)) is None:
        return None
    roles = _roles(classes)
    value = layout.column("V")
    if "V" not in roles or value is None:
        return None
    end = roles.index("V") + 1
    end += 1 if end < len(roles) and roles[end] == "UNIT" else 0
    after = [role for col, role in layout.roles if col > value]
    tail = (after + ["NOTE"] * len(roles))[: len(roles) - end]
    return Layout(tuple((col, role) for (col, _), role in zip(filled, roles[:end] + tail)))


def _roles(classes: list[str]) -> list[str]:
    """Column roles for a row's classes: labels, the name, the value's parts, then notes."""
    roles: list[str] = []
    value_seen = False
    for cls, after in zip(classes, [*classes[1:], ""]):
        if (
            cls == BARE
            and not value_seen
            and "L3" in roles
            and after in (NUMBER, QUALITATIVE)
            and "WEIGHT" not in roles
        ):
            roles.append("WEIGHT")  # a figure alone before a target with its unit (5 | >=21933人): its 分值
        elif cls == LEVEL1 and "L1" not in roles:
            roles.append("L1")
        elif cls == LEVEL2 and "L2" not in roles:
            roles.append("L2")
        elif cls == TEXT and "L3" not in roles:
            roles.append("L3")
        elif cls == TEXT and not value_seen and "DESC" not in roles:
            roles.append("DESC")  # text between the name and the value describes it
        elif cls == OPERATOR and not value_seen:
            roles.append("OP")
        elif cls in VALUE_CLASSES and not value_seen:
            roles.append("V")
            value_seen = True
        elif cls == UNIT and value_seen and "UNIT" not in roles:
            roles.append("UNIT")
        elif cls == KIND and "KIND" not in roles:
            roles.append("KIND")
        else:
            roles.append("NOTE")
    if "V" in roles:  # a self-evaluation's row: what it achieved, then its weight and score
        after = roles.index("V") + 1
        if (
            roles[after : after + 3] == ["NOTE"] * 3
            and classes[after] in VALUE_CLASSES
            and classes[after + 1 : after + 3] == [BARE, BARE]
        ):
            roles[after : after + 3] = ["ACTUAL", "WEIGHT", "SCORE"]
        elif (
            roles[after : after + 2] == ["NOTE"] * 2 and classes[after] in VALUE_CLASSES and classes[after + 1] == BARE
        ):
            roles[after] = "ACTUAL"  # what it achieved, then a figure: its weight or score, which is unsure
    return roles


_VALUE_PARTS = VALUE_CLASSES | {OPERATOR, UNIT, KIND}  # what a row holds after its name
_REMARK = 2  # characters: a word after a row's value that is no next row's name (a unit unknown, 无)
_MIN_RUN = 8  # one-cell rows: fewer are no table a cell a line


def grouped_cell_runs(rows: list[Row | None]) -> list[Row | None]:
    """One cell a line before any header (an excerpt opening inside a table printed a cell a
    line): each run of one-cell rows grouped into table rows, a row starting at a category label
    or at a text after a value, where the rows so grouped read as an indicator table
    (headerless_layout); other runs as they are."""
    out: list[Row | None] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        if row is not None and len(row.cells) > 1:
            return out + rows[i:]  # a table row or a header: the rest is read as printed
        end = i
        while end < len(rows) and (rows[end] is None or (len(rows[end].cells) == 1 and not _names_column(rows[end]))):
            end += 1
        if end == i:  # a column's name (序号, 项目名称): the table, if any, ends here
            out.append(row)
            i += 1
            continue
        run = [r for r in rows[i:end] if r is not None]
        grouped = _grouped(run) if len(run) >= _MIN_RUN and sum(map(_labelled, run)) >= _LABELLED else None
        out += grouped if grouped is not None else rows[i:end]
        i = end
    return out


def _names_column(row: Row) -> bool:
    """序号, 指标值, 备注: an indicator table's column name (not a category label some forms print
    in a column's place, 具体指标, nor a project's field, 项目金额, which names indicators too)."""
    cell = row.cells[0]
    role = header_role(cell)
    return cell in NUMBERING or (role is not None and role[0] not in PROJECT_ROLES and not _labelled(row))


def _grouped(run: list[Row]) -> list[Row] | None:
    texts = [row.cells[0] for row in run]
    classes = classify_row(list(enumerate(texts)))
    for groups in (_label_blocks(run, classes), _rows_by_content(run, texts, classes)):
        start = next((k for k, row in enumerate(groups) if headerless_layout(groups, k) is not None), None)
        if start is not None:
            return [row for row in run if row.line < groups[start].line] + groups[start:]
    return None


def _label_blocks(run: list[Row], classes: list[str]) -> list[Row]:
    """Rows that each open on both category labels, every one as many cells long and holding no
    other label: grouped by the labels alone, whatever the cells after them hold, the text after
    the last as it is; [] where the labels do not recur so."""
    starts = [k for k in range(len(classes) - 1) if classes[k : k + 2] == [LEVEL1, LEVEL2]]
    widths = {b - a for a, b in zip(starts, starts[1:])}
    if len(starts) < 3 or len(widths) != 1:
        return []
    width = widths.pop()
    if any(cls in (LEVEL1, LEVEL2) for k in starts for cls in classes[k + 2 : k + width]):
        return []  # a label inside: blocks of rows as long as each other, not rows
    blocks = [Row(run[k].line, [row.cells[0] for row in run[k : k + width]]) for k in starts]
    return blocks + run[starts[-1] + width :]


def _rows_by_content(run: list[Row], texts: list[str], classes: list[str]) -> list[Row]:
    """Rows starting at a category label or at a text after a value."""
    groups: list[Row] = []
    # the class of the first cell from each on that is no text (None at the run's end)
    beyond: list[str | None] = [None] * (len(classes) + 1)
    for k in range(len(classes) - 1, -1, -1):
        beyond[k] = beyond[k + 1] if classes[k] == TEXT else classes[k]
    basis = False  # the group's value is followed by a basis (计划标准): the next text is a new row's
    remark = False  # …or by a word of its own (间数, 无)
    for k, (row, text, cls, before, then) in enumerate(
        zip(run, texts, classes, [None, *classes], [*classes[1:], None])
    ):
        after_value = cls == TEXT and (before in _VALUE_PARTS or basis or remark)
        # the row's basis, printed after its value (no value after it: then it is the next row's name)
        kept = after_value and not basis and reads_as_basis(text) and then not in _VALUE_PARTS
        # a word after the value, no value following it before the next label: a unit the
        # vocabulary does not know, or a remark (间数, 无), not the next row's name
        remark = after_value and not kept and len(text) <= _REMARK and beyond[k + 1] not in _VALUE_PARTS
        starts = (cls in (LEVEL1, LEVEL2) and before not in (LEVEL1, LEVEL2)) or (after_value and not (kept or remark))
        basis = kept
        if starts or not groups:
            groups.append(Row(row.line, [text]))
        else:
            groups[-1].cells.append(text)
    return groups
