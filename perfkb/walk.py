"""Walking a document's rows: find each indicator table, its project, and its end."""

from __future__ import annotations

import re

from .cells import BARE, LEVEL1, LEVEL2, NUMBER, QUALITATIVE, TEXT, VALUE_CLASSES, classify, classify_row
from .extract import LOST_LABEL, TableParse, clean_name
from .headerless import grouped_cell_runs, headerless_layout
from .headings import heading_levels, parse_heading_list
from .models import Extraction, Indicator, Problem, Project, Row
from .outline import parse_outline
from .projects import amount, is_project_marker, project_from_rows
from .prose import opens_targets, parse_prose
from .rows import ROW_CELLS
from .streams import join_cell_stream
from .tables import (
    AFTER_TABLE,
    UNIT_CAPTION,
    Layout,
    at_excerpt_end,
    completed_header,
    ends_table,
    header_layout,
    header_role,
    is_page_furniture,
    is_sign_off,
    merge_headers,
    upper_header_roles,
)
from .transposed import opens_transposed, parse_transposed
from .values import parse_value
from .vocab import categories
from .wide import WideLayout, WideParse, wide_layout

_TITLE_ROWS_BEFORE_MARKER = 3


def _next_rows(rows: list[Row | None], start: int, count: int) -> list[tuple[int, Row]]:
    found = []
    for i in range(start, len(rows)):
        if rows[i] is not None:
            found.append((i, rows[i]))
            if len(found) == count:
                break
    return found


def _wide_starts(rows: list[Row | None]) -> frozenset[int]:
    """Where a wide header may start: at a row naming two level-1 labels, or at the row before
    it (a title row). Found in one pass, so that most rows are answered by a set lookup."""
    starts: set[int] = set()
    before = None
    for i, row in enumerate(rows):
        if row is None:
            continue
        if _names_level1s(row):
            starts.update((i,) if before is None else (before, i))
        before = i
    return frozenset(starts)


def _wide_header_at(rows: list[Row | None], i: int, starts: frozenset[int]) -> tuple[WideLayout, int] | None:
    """(layout, index of the first body row) if a wide column-pair header starts at row i (one
    of starts, _wide_starts).

    The header is the row of level-1 labels and the row of 三级指标/指标值 pairs under it,
    optionally under a title row naming the project columns (项目名称, 绩效目标).
    """
    if i not in starts or not (_is_wide_title(rows[i]) or _names_level1s(rows[i])):
        return None  # the common case, answered without looking ahead
    window = [(i, rows[i])] + _next_rows(rows, i + 1, 2)
    for top in range(min(2, len(window) - 1)):
        if top == 1 and not _is_wide_title(window[0][1]):
            break
        layout = wide_layout(window[top][1], window[top + 1][1])
        if layout:
            return layout, window[top + 1][0] + 1
    return None


def _names_level1s(row: Row) -> bool:
    """At least two level-1 labels: what a wide header's top row needs (wide_layout)."""
    cats = categories()
    level1 = cats.level1_std
    if len(row.cells) < 2 or not cats.level1_mark.search(row.joined) or level1.keys().isdisjoint(row.labels):
        return False  # the common row, answered in C
    return sum(1 for label in row.labels if label in level1) >= 2


_WIDE_TITLE = re.compile("项目名称|项目编号|绩效目标")


def _is_wide_title(row: Row) -> bool:
    return _WIDE_TITLE.search(row.joined) is not None


def _closes_table(row: Row) -> bool:
    """A plain text line (no table cells) that is not page furniture, a category heading or a
    template placeholder (……) ends a table."""
    if ends_table(row) or (len(row.filled) > 1 and AFTER_TABLE.match(row.filled[0][1])):
        return True  # the sign-off, or a note or total line in cells (注: | 1.…, 总分 | 100)
    if len(row.filled) > 1 and any(map(_UNIT_CAPTION.match, row.cells)):
        return True  # the next form's caption (207101天津市河北区人民法院 | 单位:万元)
    if len(row.cells) == 1:
        text = row.cells[0]
        cats = categories()
        spilled = len(text) <= 12 and classify(text) in VALUE_CLASSES  # a value under its row
        weight = LOST_LABEL.match(text) is not None  # (30分): a category's weight, its label lost
        return not (is_page_furniture(row) or cats.is_label(text) or not clean_name(text) or spilled or weight)
    return is_project_marker(row)


def _title_cell(row: Row) -> bool:
    """绩效指标 alone: the text of the form's title cell merged down the indicator rows, printed
    apart from them (a PDF centres it in the cell: on another page when the cell runs over a
    page break). A column name, not an indicator."""
    role = header_role(row.cells[0]) if len(row.cells) == 1 else None
    return role is not None and role[0] in _LEVELS


def _name_alone(rows: list[Row | None], i: int) -> bool:
    """A one-cell row that is an indicator printed without its value (指标4.不合格产品处置率),
    the table going on under it: a short name, and a table row with a value next."""
    text = rows[i].cells[0] if len(rows[i].cells) == 1 else ""
    if not text or len(text) > _NAME_ALONE or any(p in text for p in "，。；;") or ends_table(rows[i]):
        return False
    j = next((k for k in range(i + 1, len(rows)) if rows[k] is not None), None)
    if j is None:
        return False
    after = rows[j]
    if _NUMBERED_NAME.match(text) and (
        (len(after.cells) == 1 and _name_alone(rows, j))
        or (len(after.filled) >= 2 and classify_row(after.filled)[0] in (LEVEL1, LEVEL2))
    ):
        return True  # a template's numbered names alone (指标2.…, 指标3.…), the next category's rows after them
    return (
        len(after.filled) >= 2
        and header_layout(after) is None
        and not VALUE_CLASSES.isdisjoint(classify_row(after.filled))
    )


_NUMBERED_NAME = re.compile(r"^指标\s*\d+\s*[.．:：、]")  # 指标2.: a template numbering its names


def _note_between_rows(rows: list[Row | None], i: int) -> bool:
    """A sentence on a line of its own inside a table (定量指标计算:完成值达到指标值,记满分;…),
    the table's rows going on after it: a name and a value in cells, past a few such lines."""
    text = rows[i].cells[0]
    if not _SENTENCE_MARK.search(text) or ends_table(rows[i]) or AFTER_TABLE.match(text):
        return False
    for row in filter(None, rows[i + 1 : i + 1 + _NOTE_LINES]):
        if len(row.filled) >= ROW_CELLS:
            classes = set(classify_row(row.filled))
            return header_layout(row) is None and not VALUE_CLASSES.isdisjoint(classes) and TEXT in classes
    return False


_LEVELS = ("L1", "L2", "L3")
_SENTENCE_MARK = re.compile(r"[，,。；;]")
_NOTE_LINES = 4  # lines after a note in which the table's next row must stand


_UNIT_CAPTION = re.compile(rf"(?:金额)?{UNIT_CAPTION}$")
_NAME_ALONE = 30  # characters: longer text alone on a line is prose


def extract_document(rows: list[Row | None]) -> Extraction:
    # a row of no cells at all (a line of pipes alone, an empty HTML row) is a blank line
    rows = grouped_cell_runs(join_cell_stream([row if row is None or row.cells else None for row in rows]))
    result = Extraction()
    wide_starts = _wide_starts(rows)
    context: list[Row] = []  # rows that may describe the next table's project
    seen_header = False  # rows before the first header may be a table's rest (headerless.py)
    i = 0
    while i < len(rows):
        row = rows[i]
        if row is None:
            i += 1
            continue
        layout = header_layout(row)
        wide = _wide_header_at(rows, i, wide_starts) if layout is None else None
        if layout is not None:
            upper = upper_header_roles(context[-1]) if context else []
            if upper:  # a two-row header: the row above names columns this one does not
                layout = merge_headers(upper, layout)
            i = _header_table(rows, i + 1, TableParse(layout), context, result, wide_starts)
            context = []
        elif row.cells[0][:1] in "【[" and heading_levels(row) is not None:
            project, i = parse_heading_list(rows, i, context)
            _keep(project, result)
            context = []
        elif len(row.cells) == 1 and categories().is_level1(row.cells[0]) and (tree := parse_outline(rows, i, context)):
            project, i = tree
            _keep(project, result)
            context = []
        elif wide is not None:
            layout_w, body = wide
            i = _wide_table(rows, body, WideParse(layout_w), result)
            context = []
        elif not seen_header and (guessed := headerless_layout(rows, i)) is not None:
            # an excerpt starting inside a table: its columns read from the rows, and said so
            result.problems.append(
                Problem(
                    row.line,
                    "no_header",
                    "indicator rows with no header before them (the text starts inside a table); "
                    f"columns read from the rows: {' | '.join(role for _, role in guessed.roles)}",
                    row.text,
                )
            )
            # a first row may end it
            i = max(_header_table(rows, i, TableParse(guessed, cut_above=True), context, result, wide_starts), i + 1)
            context = []
        elif opens_transposed(row) and (transposed := parse_transposed(rows, i)) is not None:
            indicators, i = transposed
            result.problems.append(
                Problem(
                    row.line,
                    "transposed_table",
                    "indicator names in one row and each column's values in rows under them (a transposed "
                    "table): read name by name; check them against the source",
                    row.text,
                )
            )
            project = _project_of(context, row.line, result)
            project.indicators = indicators
            _keep(project, result)
            context = []
        elif (
            len(row.cells) == 1
            and opens_targets(row.cells[0])
            and (prose := parse_prose(rows, i, context, result.problems))
        ):
            project, i = prose
            told = _told_again(project, result)
            result.problems.append(
                Problem(
                    row.line,
                    "prose_targets",
                    "indicators read from running text (no table: under category headings, in a list of "
                    "targets, or where a sentence says which figure is the target); check them against the source"
                    + (f"; {told} of them left out, a table above gives them with the same figures" if told else ""),
                    row.text,
                )
            )
            if project.indicators or not told:
                _keep(project, result)
            context = []
        else:
            if is_project_marker(row):
                context = [r for r in context if r is not None][-_TITLE_ROWS_BEFORE_MARKER:]
            context.append(row)
            i += 1
        seen_header = seen_header or layout is not None or wide is not None
    return result


def _header_table(
    rows: list[Row | None],
    i: int,
    table: TableParse,
    context: list[Row],
    result: Extraction,
    wide_starts: frozenset[int],
) -> int:
    header = rows[i - 1] if i > 0 and rows[i - 1] is not None else rows[i]  # the header, or the first row
    project = _project_of(context, header.line, result)
    while i < len(rows):
        row = rows[i]
        if row is None:
            table.page_break()
        elif (layout := header_layout(row)) is not None:
            if not table.entries and (upper := upper_header_roles(rows[i - 1] or row)):
                layout = merge_headers(upper, layout)  # the second row of a two-row header
            table.page_break(layout)
        elif is_page_furniture(row) or _title_cell(row):
            table.page_break()
        elif not table.entries and (completed := completed_header(header, row)) is not None:
            table.page_break(completed)  # the header's names went on on this line
        elif len(row.cells) == 1 and _note_between_rows(rows, i):
            result.problems.append(
                Problem(
                    row.line,
                    "unplaced_row",
                    "text between an indicator table's rows (a note or scoring rule): not read as an indicator",
                    row.text,
                )
            )
        elif (_closes_table(row) and not _name_alone(rows, i)) or _wide_header_at(rows, i, wide_starts) is not None:
            if len(row.cells) == 1 and not AFTER_TABLE.match(row.cells[0]) and at_excerpt_end(rows, i + 1):
                # the document's last line, a fragment after the table's rows: the file was cut there
                result.problems.append(
                    Problem(
                        row.line,
                        "truncated",
                        "document ends on a line after an indicator table that is no table row (a row cut off?)",
                        row.text,
                    )
                )
            if ends_table(row):
                _after_sign_off(rows, i, result)
            break
        else:
            table.add(row)
        i += 1
    kind = _table_kind(project, table, context)
    projects = []
    for cells, indicators in table.groups():
        if cells.get("PROJECT"):  # one of several projects the table lists
            project = Project(
                name=cells["PROJECT"],
                source_line=indicators[0].source_line if indicators else 0,
                budget_wan=amount(cells.get("BUDGET")),
                goal=cells.get("GOAL", ""),
            )
        project.indicators, project.table_kind = indicators, kind
        projects.append(project)
    if at_excerpt_end(rows, i) and projects:
        _check_cut(projects[-1].indicators, table.layout, result, _open_end(rows))
    for kept in projects or [project]:
        _keep(kept, result)
    result.problems.extend(table.problems)
    return i


def _project_of(context: list[Row], line: int, result: Extraction) -> Project:
    """The project of the table whose header is on the line: from the rows since its 项目名称."""
    marker = next((k for k, r in enumerate(context) if is_project_marker(r)), None)
    project = project_from_rows(context[marker:] if marker is not None else [], line)
    if not project.name:
        project.name = _untitled(context)
        result.problems.append(
            Problem(line, "no_project_name", f"indicator table without a 项目名称; named {project.name!r}")
        )
    return project


def _after_sign_off(rows: list[Row | None], i: int, result: Extraction) -> None:
    """The sign-off row and the rows right after it that still look like indicator rows (a name
    and a value, besides any sign-off cells) are not read as indicators; each is recorded (its
    personal data redacted when stored), so nothing goes silently."""
    while i < len(rows) and rows[i] is not None and len(rows[i].cells) > 1 and header_layout(rows[i]) is None:
        row = rows[i]
        classes = set(classify_row([(col, text) for col, text in row.filled if not is_sign_off(text)]))
        if TEXT in classes and classes & {NUMBER, BARE, QUALITATIVE}:
            result.problems.append(
                Problem(
                    row.line,
                    "unplaced_row",
                    "table row after the table's sign-off row: not read as an indicator",
                    row.text,
                )
            )
        i += 1


def _table_kind(project: Project, table: TableParse, context: list[Row]) -> str:
    """self_evaluation where the table reports what was achieved (实际完成值, 得分) or its title
    says 自评; department for a department-wide table; else target."""
    if table.layout.has("ACTUAL") or table.layout.has("SCORE") or any("自评" in r.text for r in context):
        return "self_evaluation"
    return "department" if project.is_department_wide else "target"


def _wide_table(rows: list[Row | None], i: int, table: WideParse, result: Extraction) -> int:
    while i < len(rows):
        row = rows[i]
        if row is not None and not is_page_furniture(row):
            if _closes_table(row) or header_layout(row) is not None:
                break
            table.add(row)
        i += 1
    table.finish()
    if at_excerpt_end(rows, i) and table.projects:
        _check_cut(table.projects[-1].indicators, None, result, _open_end(rows))
    for project in table.projects:
        _keep(project, result)
    result.problems.extend(table.problems)
    return i


_AFTER_VALUE = ("actual", "weight", "score", "basis", "deviation")  # what a row prints after its target


def _printed_after_value(indicator: Indicator) -> bool:
    return any(getattr(indicator, name) for name in _AFTER_VALUE)


def _open_end(rows: list[Row | None]) -> Row | None:
    """The document's last row, where the document ends inside its last cell."""
    last = next((row for row in reversed(rows) if row is not None), None)
    return last if last is not None and last.open_end else None


def _check_cut(indicators: list[Indicator], layout: Layout | None, result: Extraction, open_end: Row | None) -> None:
    """A file that ends inside a table (layout: its header's; None for a wide table) on a row
    without its value, or on its value where the rows above all print more after theirs
    (验收合格率 | 1, the file ending in 100%'s first digit), or on a figure whose cell lacks the
    '|' every other cell ends with or that stands before the unit column (= | 100 |), was cut off
    mid-table: the cut row is half a row (its name or value may be cut too), so it is recorded
    as a problem, not kept."""
    last = indicators[-1] if indicators else None
    if last is None or (layout is not None and layout.column("V") is None):
        return
    above = indicators[-4:-1]
    unvalued = not (last.value or last.value_period or last.actual or (last.weight and last.score))
    # a value where the rows above print more after theirs, or whose cell has no closing '|',
    # may have lost its end (100 of 100%, a phrase); a figure with its unit reads whole (1座,
    # ≥500份). A bare figure printed before the unit column may have lost its unit.
    parsed = parse_value(last.value)
    whole = parsed.num is not None and bool(parsed.unit)
    ends_on_value = not _printed_after_value(last) and (
        (
            not whole
            and (
                (len(above) >= 2 and all(map(_printed_after_value, above)))
                or (open_end is not None and open_end.line == last.source_line and open_end.filled[-1][1] in last.value)
            )
        )
        or (layout is not None and layout.has("UNIT") and last.value[-1:].isdigit())
    )
    if unvalued or ends_on_value:
        indicators.pop()
        result.problems.append(
            Problem(
                last.source_line,
                "truncated",
                "document ends inside an indicator table on a row "
                + ("without its value" if unvalued else "ending on its value, which may be cut")
                + "; the rows before the cut are kept, this one is not",
                " | ".join(filter(None, (last.level1, last.level2, last.level3))),
            )
        )


_FIGURES = re.compile(r"\d+(?:\.\d+)?")


def _told_again(project: Project, result: Extraction) -> int:
    """A report's text going over its table's rows again (数量目标:…数量绩效目标值是2个): the prose
    indicators whose name and figures a table above gave are dropped; how many were."""
    given = {(ind.level3, tuple(_FIGURES.findall(ind.value))) for p in result.projects for ind in p.indicators}
    kept = [ind for ind in project.indicators if (ind.level3, tuple(_FIGURES.findall(ind.value))) not in given]
    told, project.indicators = len(project.indicators) - len(kept), kept
    return told


def _keep(project: Project, result: Extraction) -> None:
    if project.indicators:
        result.projects.append(project)
    else:
        result.problems.append(
            Problem(project.source_line, "empty_project", f"indicator table of {project.name!r} has no indicator rows")
        )


def _untitled(context: list[Row]) -> str:
    """A table with no 项目名称: named by the last title above it that names a project (医疗救助补助
    资金转移支付项目绩效目标自评表), as printed; a sentence (…制定了以下绩效目标:), a goal, or a
    form's title naming no project (2023年项目支出绩效目标表) is no name."""
    titles = [_TITLE_OPENING.sub("", " ".join(c.split())) for r in context for c in r.cells if _FORM_WORDS.search(c)]
    return next((title for title in reversed(titles) if _names_project(title)), "（未命名项目）")


_FORM_WORDS = re.compile(r"绩效(?:目标|自评)")
_TITLE_OPENING = re.compile(r"^(?:表|附表|附件)\s*(?:\d+\s*[:：]?|[:：])\s*")  # 表1: before a title
# a form's kind closing its title (…转移支付区域(项目)绩效自评表, …项目支出绩效目标申报表, …经费
# 项目绩效目标), then at most the project named in brackets, the year, or the file's extension
_FORM_KIND = re.compile(
    r"(?:(?:转移支付)?(?:区域|项目|部门|单位)?(?:[(（]单位[)）])?(?:整体)?(?:[(（]项目[)）])?(?:支出)?"
    r"绩效(?:目标)?(?:自评|申报|批复)?(?:表|报告)|项目(?:支出)?绩效目标)"
    r"(?:\s*[(（][^()（）]{2,40}[)）])?(?:\.(?:docx?|xlsx?|pdf))?$"
)
_TITLE_CHARS = 60  # a longer cell is a goal or a paragraph, not a title
_SENTENCE = re.compile(r"[，,。；;:：]")
_NAMING = re.compile(r"[\u4e00-\u9fff]")


def _names_project(title: str) -> bool:
    """A form's title naming its project: words before the form's kind besides its year (年度)."""
    if len(title) > _TITLE_CHARS or _SENTENCE.search(title):
        return False
    kind = _FORM_KIND.search(title)
    named = re.sub(r"\d{4}\s*年度?", "", title[: kind.start()]) if kind else ""
    return len(_NAMING.findall(named)) >= 2
