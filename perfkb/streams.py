"""Rows where a flattening lost the row boundaries, found again from the header.

Two shapes reach us from web pages saved as text: every cell on a line of its own between
blank lines (each cell arrives as a one-cell row), and cells ended by '|' with nothing ending
a row (a header and several rows arrive as one long row). The header names the columns; the
cells after it are cut into rows by the header's width where empty cells are printed, and by
what each cell holds (a category label, a name, a value) where they are not.
"""

from __future__ import annotations

import re

from .align import _BASE, fits_of
from .cells import BARE, LEVEL1, LEVEL2, NUMBER, OPERATOR, TEXT, UNIT, VALUE_CLASSES, classify, reads_as_basis
from .extract import clean_name
from .models import Row
from .projects import is_project_marker
from .tables import (
    AFTER_TABLE,
    NUMBERING,
    PER_UNIT,
    ends_table,
    header_layout,
    header_role,
    trailing_role,
    unknown_column_name,
)
from .values import looks_qualitative, value_words
from .vocab import SECTION_NUMBER, categories

_MIN_HEADER = 3  # consecutive column names that make a header
_PROSE = 60  # a longer cell is running text, not a table cell, where it is punctuated as such
_CLAUSES = re.compile(r"[，,。；;！!？?]")


def _is_prose(text: str) -> bool:
    """Running text: long and punctuated (a long cell listing things, 全部完成(包括运动场、足球场、
    …), is a cell)."""
    return len(text) > _PROSE and _CLAUSES.search(text) is not None


_LONG_TEXT_ROLES = ("GOAL", "DESC", "BASIS", "DEVIATION")  # columns whose cells run to sentences


def _long_text_next(current: Row | None, layout: tuple[tuple[int, str], ...], position: int) -> bool:
    """The row being read takes text next in a column of sentences (a project's 年度目标 in a table
    listing projects): running text there is its cell, not the table's end."""
    if current is None:
        return False
    nxt = next((j for j in range(position + 1, len(layout)) if _fits(layout[j][1], TEXT)), None)
    return nxt is not None and layout[nxt][1] in _LONG_TEXT_ROLES


def header_run(cells: list[str]) -> tuple[int, int] | None:
    """(start, end) of the first run of consecutive column names that is a header."""
    start = None
    padded = cells + ["", ""]
    for k, cell in enumerate(cells + [""]):
        named = bool(cell) and header_role(cell) is not None
        if not named and start is None and k == 0 and cell and header_role(padded[1]):
            named = trailing_role(cell) is not None  # a caption run into the first name (…为准)一级指标)
        if not named and start is None and cell in NUMBERING:
            named = header_role(padded[k + 1]) is not None  # a column of row numbers opens it (序号 | 三级指标 …)
        if not named and start is not None and unknown_column_name(cell) and header_role(padded[k + 1]):
            named = True  # a column name no vocabulary knows between known ones (一级 | 计算符号 | 目标值)
        if named and start is None:
            start = k
        elif not named and start is not None:
            if k - start >= _MIN_HEADER and header_layout(Row(0, cells[start:k])) is not None:
                return start, k
            start = None
    return None


def _header_continued(cells: list[str], start: int, end: int) -> int:
    """Where the header really ends: column names no vocabulary knows after the known ones, up
    to the line's end, when they are too few to be a row and hold no value (指标标准或依据); or a
    value column per unit named after them (西坪镇尧山村 | 桃舟乡吾培村 …) where the header has no
    value column of its own."""
    rest = [c for c in cells[end:] if c]
    if rest and len(rest) < max(2, (end - start) // 2) and all(map(unknown_column_name, rest)):
        return len(cells)
    return unit_columns_end(cells, start, end)


def unit_columns_end(cells: list[str], start: int, end: int) -> int:
    """Where a header ends that names a value column per unit (西坪镇尧山村 | 桃舟乡吾培村 …)
    after its known names and has no value column of its own; else end."""
    units = end
    while units < len(cells) and unknown_column_name(cells[units]):
        units += 1
    wider = header_layout(Row(0, cells[start:units])) if units > end else None
    if wider is not None and any(role.startswith(PER_UNIT) for _, role in wider.roles):
        return units
    return end


def split_long_rows(rows: list[Row | None]) -> list[Row | None]:
    """A row holding a header and the rows after it (cells ended by '|', empty cells printed)
    is cut into the header and rows of its width; so is a later row as wide as two rows or more."""
    out: list[Row | None] = []
    header: list[str] = []
    for row in rows:
        if row is None:
            out.append(row)
            continue
        cells = row.cells
        run = header_run(cells)
        if run is not None:
            start, end = run
            if start:
                out.append(Row(row.line, cells[:start]))
            end = _header_continued(cells, start, end)
            header, cells = cells[start:end], cells[end:]
            out.append(Row(row.line, header))
        elif row.cells and header_layout(row) is not None:
            header = row.cells  # a header on a row of its own: the long rows after it are its rows
            out.append(row)
            continue
        elif not (header and len(cells) >= 2 * len(header)):
            out.append(row)
            continue
        out.extend(_cut(header, cells, row.line))
    return out


def _cut(header: list[str], cells: list[str], line: int) -> list[Row]:
    """The cells after a header, cut into its rows: by its width where empty cells are printed
    and most rows so cut hold a value in the value column; else, empty cells not printed (merged
    labels print once), by what each cell holds, as a stream of one-cell rows is."""
    # a column name opening the rows is a title printed once beside them all (绩效指标), no row's cell
    cells = cells[next((k for k, cell in enumerate(cells) if not (cell and header_role(cell))), len(cells)) :]
    width = len(header)
    layout = header_layout(Row(0, header))
    value = next((col for col, role in layout.roles if role in ("V", "VY")), None) if layout else None
    title = _title_columns(header, cells, value)
    chunks = [[""] * title + cells[k : k + width - title] for k in range(0, len(cells), width - title)]
    full = [c for c in chunks if any(c) and len(c) > (value or 0)]
    if "" in cells or value is None or len(full) < 2:
        return [Row(line, c) for c in chunks if any(c)]
    if sum(1 for c in full if classify(c[value]) in VALUE_CLASSES) >= 0.8 * len(full):
        return [Row(line, c) for c in chunks if any(c)]
    stream = join_cell_stream([Row(line, [cell]) for cell in header + cells])
    return [r for r in stream[1:] if r is not None]


_TEXT_ROLES = ("DESC", "BASIS", "NOTE")
_TITLE_ROLES = (
    "GOAL",
    "NOTE",
)  # a column left of the rows' first: a title printed once beside them  # a column whose cells a page may leave out altogether


def _unprinted_column(layout: tuple[tuple[int, str], ...], texts: list[str | None]) -> int | None:
    """A text column no row prints (海口: 指标类型 | 指标名称 | 绩效目标 | 绩效标准, each row a name
    and a goal): where the cells between category labels always come in rows one narrower than
    the columns that are no labels, and not in rows as wide, the last text column (else each
    next name is taken for its cell). Two spans between labels at least; the last may be cut."""
    spans, count = [], None
    for text in texts:
        if text is None or not clean_name(text) or len(text) > _PROSE:
            continue
        if classify(text) in (LEVEL1, LEVEL2):
            if count:
                spans.append(count)
            count = 0
        elif count is not None:
            count += 1
    # the columns a row prints: no labels, and no title printed once beside the block (绩效指标 |
    # 一级指标 …: a column left of the first level's)
    first = next((k for k, (_, role) in enumerate(layout) if role in ("L1", "L2", "L3")), 0)
    width = sum(
        1
        for k, (_, role) in enumerate(layout)
        if role not in ("L1", "L2", "L2Y") and not (k < first and role in _TITLE_ROLES)
    )
    dropped = next((col for col, role in reversed(layout) if role in _TEXT_ROLES), None)
    if len(spans) < 2 or width < 3 or dropped is None:
        return None
    if all(span % (width - 1) == 0 for span in spans) and not all(span % width == 0 for span in spans):
        return dropped
    return None


def _title_columns(header: list[str], cells: list[str], value: int | None) -> int:
    """1 where the header's first column is a title printed once beside all the rows (a weak
    name, 绩效指标 | 指标 | 指标权重 | … | 指标值), so rows are a cell narrower: where cut so,
    more rows open with a name or label and hold a value in the value column; else 0."""
    hit = header_role(header[0])
    if value is None or hit is None or hit[1] or value == 0 or len(header) < _MIN_HEADER + 1:
        return 0

    def rows_read(title: int) -> int:
        width = len(header) - title
        chunks = [cells[k : k + width] for k in range(0, len(cells), width)]
        opening = sum(1 for c in chunks if c[0] and classify(c[0]) in (TEXT, LEVEL1, LEVEL2))
        valued = sum(1 for c in chunks if len(c) > value - title and classify(c[value - title]) in VALUE_CLASSES)
        return opening + valued

    return 1 if rows_read(1) > rows_read(0) else 0


_ONE_CHAR = re.compile(r"^[\u4e00-\u9fff]$")
_REMARKS = ("DEVIATION", "NOTE")  # the columns after a row's values that hold free text
_SHORT_NAME = re.compile(r"^[^，,。；;]{2,20}$")


_VALUE_ROLES = ("V", "VY", "VP", "ACTUAL")


def _value_goes_on(value: str, layout: tuple[tuple[int, str], ...], position: int, cls: str) -> bool:
    """The cell goes on the value in the row's last column: a number after an operator alone, or a
    unit after a number where no column after the value takes units."""
    if layout[position][1] not in _VALUE_ROLES:
        return False
    if cls in (BARE, NUMBER):
        return classify(value) == OPERATOR
    return cls == UNIT and value[-1:].isdigit() and not any(role == "UNIT" for _, role in layout[position:])


def _names_next_row(text: str, cls: str, rest: list[str | None]) -> bool:
    """Whether a text after a row's scores, where a remark column is next, names the next row: one
    followed by a figure does, and so does a short phrase (remarks are sentences), unless a text
    and a figure follow it and it does not end as a name does (…合规性): then it is the remark, and
    the text after it the name."""
    after, then = ([classify(t) for t in rest if t is not None][:2] + ["", ""])[:2]
    if cls == TEXT and after in VALUE_CLASSES:
        return True
    named = text.endswith(tuple(value_words()["qualitative"]["name_endings"]))
    return bool(_SHORT_NAME.match(text)) and (named or not (after == TEXT and then in VALUE_CLASSES))


def _ends_stream(row: Row) -> bool:
    """A cell no table row holds: a note, a project's name, the sign-off, a column name (that is
    no category label too: 绩效目标 is a level 2 of the evaluation framework), a section heading."""
    text = row.cells[0]
    named = header_role(text) is not None and not categories().is_label(text)
    # the document's next section ((四)部门职能职责。), not a category numbered alike (一、产出指标)
    section = bool(_SECTION_HEADING.match(text)) and not categories().is_label(text)
    # the next project's title (…经费项目绩效目标), not the evaluation framework's level 2 (绩效目标)
    title = text.endswith(_TITLE_ENDINGS) and not categories().is_label(text)
    return bool(AFTER_TABLE.match(text)) or is_project_marker(row) or ends_table(row) or named or section or title


_TITLE_ENDINGS = ("绩效目标", "绩效目标表", "绩效指标表")


_SECTION_HEADING = re.compile(f"^{SECTION_NUMBER}")


def _name_after_label(
    current: Row | None, layout: tuple[tuple[int, str], ...], position: int, texts: list[str | None], n: int
) -> bool:
    """Whether texts[n], a text that names a column (项目金额), stands where a row's name goes:
    right after the row's category, a value next. The row's indicator, not the next header."""
    if current is None or layout[position][1] not in ("L1", "L2"):
        return False
    return classify(next((t for t in texts[n + 1 :] if t is not None), "")) in VALUE_CLASSES


def _characters_joined(texts: list[str]) -> list[str | None]:
    """A label printed one character a line (产 / 出 / 指 / 标) as one text at its first line,
    None at the others."""
    out: list[str | None] = list(texts)
    k = 0
    while k < len(texts):
        end = k
        while end < len(texts) and _ONE_CHAR.match(texts[end]):
            end += 1
        # (not values of a character each, a target and its result: 是 / 是)
        if end - k >= 2 and not all(map(looks_qualitative, texts[k:end])):
            out[k:end] = ["".join(texts[k:end])] + [None] * (end - k - 1)
        k = max(end, k + 1)
    return out


_WEIGHT_PART = re.compile(r"^[(（]?\d+(?:\.\d+)?分?[)）]$")  # (50), 30分): a label's weight on a line of its own
_NOTE_PART = re.compile(r"^[(（][^()（）\d]{1,12}[)）]$")  # (必填硬性指标): a label's note on a line of its own


def _labels_joined(texts: list[str | None]) -> list[str | None]:
    """A category label broken over two lines (经济效 / 益指标), or its weight printed on the
    next line (产出指标 / (50)), as one text at its first line, None at the other."""
    cats = categories()
    out = list(texts)
    last = None  # index of the last text kept
    for k, text in enumerate(texts):
        if text is None:
            continue
        if last is not None and (prev := out[last]) is not None:
            joined = prev + text
            is_label = cats.is_label(prev)
            if is_label and _WEIGHT_PART.match(text):
                out[last], out[k] = prev + ("" if text[0] in "(（" else "(") + text, None
                continue
            if is_label and _NOTE_PART.match(text):
                out[last], out[k] = prev + text, None
                continue
            if not is_label and len(joined) <= 12 and cats.is_label(joined):
                out[last], out[k] = joined, None
                continue
        last = k
    return out


def _names_joined(cells: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Column names broken over two lines (年度 / 指标值, 实际 / 完成值) joined: (index of the
    last row taken, text)."""
    out: list[tuple[int, str]] = []
    k = 0
    while k < len(cells):
        at, text = cells[k]
        for parts in (3, 2):  # the longest name: 偏差原因 / 分析及 / 改进措施, though 偏差原因 is one too
            joined = "".join(t for _, t in cells[k : k + parts])
            if k + parts <= len(cells) and (header_role(joined) or ("", False))[1]:  # a name the vocabulary spells
                at, text = cells[k + parts - 1][0], joined
                k += parts - 1
                break
        out.append((at, text))
        k += 1
    return out


def _fits(role: str, cls: str) -> bool:
    return fits_of(role)[cls] > 0


def one_cell_rows(rows: list[Row | None], i: int, count: int) -> list[int]:
    """Indexes of the next count rows from i, blank rows skipped, while they are one-cell rows."""
    found = []
    while i < len(rows) and len(found) < count:
        if rows[i] is not None:
            if len(rows[i].cells) != 1:
                break
            found.append(i)
        i += 1
    return found


def join_cell_stream(rows: list[Row | None]) -> list[Row | None]:
    """One-cell rows after a header of one-cell rows, grouped into rows: each cell takes the
    next column its content fits, and a cell that fits no column after the last one taken
    starts the next row (a merged category label prints once, so rows differ in length)."""
    if not any(r is not None and len(r.cells) == 1 and header_role(r.cells[0]) is not None for r in rows):
        return rows  # the common document: no header printed a cell a line
    out: list[Row | None] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        # a header of one-cell rows starts with a column name, or with 序号
        starts = row is not None and len(row.cells) == 1 and (header_role(row.cells[0]) or row.cells[0] in NUMBERING)
        ahead = one_cell_rows(rows, i, 16) if starts else []
        names = _names_joined([(k, rows[k].cells[0]) for k in ahead])
        run = header_run([text for _, text in names]) if len(names) >= _MIN_HEADER else None
        if run is None or run[0] != 0:
            out.append(row)
            i += 1
            continue
        end = unit_columns_end([text for _, text in names], *run)
        i = names[end - 1][0] + 1
        stream = one_cell_rows(rows, i, len(rows))
        texts = _labels_joined(_characters_joined([rows[k].cells[0] for k in stream]))
        columns = [text for _, text in names[:end]]
        unprinted = _unprinted_column(header_layout(Row(row.line, columns)).roles, texts)
        if unprinted is not None:  # the table is read as if its header did not name it
            del columns[unprinted]
        header = Row(row.line, columns)
        out.append(header)
        layout = header_layout(header).roles
        current: Row | None = None
        position = 0
        # a goal or unnamed column left of where the first row starts is a title printed once
        # beside the whole block (年度绩效目标(80分) | 一级 | 二级 …): no row starts there
        title_columns: set[int] | None = None
        for n, k in enumerate(stream):
            line, text = rows[k].line, texts[n]
            if text is None:
                i = k + 1
                continue  # a character joined to the one before it
            if not clean_name(text):  # a template placeholder (指标2, ……): a row of its own, empty
                if current is not None:
                    out.append(current)
                current, i = None, k + 1
                continue
            if (_is_prose(text) and not _long_text_next(current, layout, position)) or (
                _ends_stream(rows[k]) and not _name_after_label(current, layout, position, texts, n)
            ):
                break
            i = k + 1
            if current is not None and text == "指标":  # a label broken before its last word
                current.cells[layout[position][0]] += text
                continue
            cls = classify(text, next((t for t in texts[n + 1 :] if t is not None), ""))
            if current is not None and _value_goes_on(current.cells[layout[position][0]], layout, position, cls):
                current.cells[layout[position][0]] += text  # ≤ | 9.9 | 万元 printed apart: one value
                continue
            if cls == LEVEL2 and not any(_fits(role, cls) for _, role in layout) and categories().is_level1(text):
                cls = LEVEL1  # 产出指标 is a level 2 only under 实施效果指标: where no column takes one, a level 1
            nxt = next((j for j in range(position + 1, len(layout)) if _fits(layout[j][1], cls)), None)
            name = next((j for j, (_, role) in enumerate(layout) if role == "L3"), None)
            if (
                current is not None
                and nxt is not None
                and name is not None
                and position < name < nxt
                and not current.cells[layout[name][0]]
                and _BASE["L3"][cls] >= -1
            ):
                nxt = name  # a row names its indicator before its value: 按时完成印刷任务 is a name here
            if nxt is not None and layout[nxt][1] in _REMARKS and _names_next_row(text, cls, texts[n + 1 :]):
                nxt = None
            if (
                nxt is not None
                and current is not None
                and layout[nxt][1] in _TEXT_ROLES
                and any(current.cells[col] for col, role in layout[:nxt] if role in _VALUE_ROLES)
                and _SHORT_NAME.match(text)
                and not reads_as_basis(text)
                and texts.count(text) == 1  # a text every row prints (未达指标值酌情扣分) is a column's
            ):
                nxt = None  # a name after a row's value, where a basis column is printed empty: the next row's
            if (
                nxt is None
                and current is not None
                and cls == BARE
                and position == len(layout) - 1
                and header.cells[0] not in NUMBERING
            ):
                # a number after the row's last named column: a column the header does not name
                # (its 分值 cell lost); kept beside the row, where the extraction records it (where
                # the header numbers its rows, 序号, the next row's number)
                current.cells.append(text)
                i = k + 1
                continue
            if nxt is None or current is None:
                nxt = next(
                    (j for j in range(len(layout)) if j not in (title_columns or ()) and _fits(layout[j][1], cls)),
                    None,
                )
                following_text = next((t for t in texts[n + 1 :] if t is not None), "")
                following = classify(following_text)
                if (
                    nxt is not None
                    and name is not None
                    and nxt > name
                    and cls in VALUE_CLASSES
                    and (
                        (following in VALUE_CLASSES and BARE not in (cls, following))
                        or (following_text and any(_fits(role, following) for _, role in layout[name + 1 : nxt]))
                    )
                ):
                    # a phrase that reads like a value (按年度发放绩效奖, 项目持续期) then a value, or
                    # what a column between the name and the value holds (定性 in 计量单位): a row
                    # opening with its name, not with two values
                    nxt = name
                if nxt is None and cls in (LEVEL1, LEVEL2):
                    # a category label the header has no column for: a heading row of its own,
                    # which the table reads as the category of the rows under it
                    if current is not None:
                        out.append(current)
                    out.append(Row(line, [text]))
                    current, position, i = None, 0, k + 1
                    continue
                if nxt is None:
                    i = k
                    break  # no column takes it: the table has ended
                if current is not None:
                    out.append(current)
                current = Row(line, [""] * len(header.cells))
                if title_columns is None:
                    title_columns = {j for j in range(nxt) if layout[j][1] in _TITLE_ROLES}
            current.cells[layout[nxt][0]] = text
            position = nxt
        if current is not None:
            out.append(current)
    return out
