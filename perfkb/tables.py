"""Recognising an indicator table's header and what each of its columns holds."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

from .cells import TEXT, classify
from .models import Row
from .vocab import NOTE, POINTS, VOCAB_DIR, norm_label

SECOND_SIDE = {"L2": "L2Y", "L3": "L3Y", "V": "VY"}
PROJECT_ROLES = ("PROJECT", "AGENCY", "BUDGET", "GOAL")  # a project's own columns, not an indicator's
PER_UNIT = "U:"  # the role of a value column per unit (乡镇, 区县): "U:" and the column's name
_MIN_UNITS = 2
# a note in brackets (年初目标值(A)), its closing bracket lost too (年初目标值(A: a page cut it)
_NOTE_IN_HEADER = re.compile(r"[(（][^()（）]*[)）]$|[(（][A-Za-z0-9/*+×%-]{1,12}$")


@cache
def header_words() -> tuple[dict[str, str], dict[str, str]]:
    """(strong, weak): header label -> role, from vocab/headers.toml."""
    roles = tomllib.loads((VOCAB_DIR / "headers.toml").read_text(encoding="utf-8"))["roles"]
    strong, weak = {}, {}
    for role, words in roles.items():
        for kind, table in (("strong", strong), ("weak", weak)):
            for w in words.get(kind, []):
                table[header_label(w)] = role
                table.setdefault(_BRACKETS.sub("", header_label(w)), role)  # 评(扣分标准) is 评(扣)分标准
    return strong, weak


_BRACKETS = re.compile(r"[()（）]")
_SCRAMBLED_NAME = 4  # characters: a shorter name's characters reordered name another too often


@cache
def _scrambled_words() -> dict[str, str]:
    """A strong column name's characters, sorted -> its role: a name whose characters a
    conversion reordered, perhaps printing one twice (年成值全完值 for 全年完成值), still names
    its column."""
    seen: dict[str, set[str]] = {}
    for label, role in header_words()[0].items():
        if len(label) >= _SCRAMBLED_NAME:
            seen.setdefault("".join(sorted(set(label))), set()).add(role)
    return {chars: roles.pop() for chars, roles in seen.items() if len(roles) == 1}


@cache
def _header_characters() -> frozenset[str]:
    return frozenset("".join(header_words()[0]))


def _scrambled_role(label: str) -> str | None:
    """The role of a strong column name printed with its characters reordered, if the label is one."""
    chars = set(label)
    if len(chars) < _SCRAMBLED_NAME or len(label) > len(chars) + 1 or not chars <= _header_characters():
        return None  # (most cells hold a character no column name has: no sorting asked)
    return _scrambled_words().get("".join(sorted(chars)))


# A year (2021年实际实现值, 预期2022年实现值) and a unit the column also holds (指标值及单位) do
# not change what a column is.
_YEAR_IN_HEADER = re.compile(r"(?:19|20)\d{2}年度?")
UNIT_SUFFIX = r"[及和与/](?:计量|度量)?单位"
_UNIT_IN_HEADER = re.compile(UNIT_SUFFIX + "$")


@lru_cache(maxsize=1 << 14)
def header_label(text: str) -> str:
    """A header cell as compared: the label without a required-field mark, a note in brackets,
    a year or a trailing 及单位."""
    label = norm_label(text).lstrip("*★")
    if len(label) > 4:
        label = _UNIT_IN_HEADER.sub("", _YEAR_IN_HEADER.sub("", label)) or label
    bare = _NOTE_IN_HEADER.sub("", label)
    return bare or label


@lru_cache(maxsize=1 << 16)  # every cell of every row is asked
def header_role(text: str) -> tuple[str, bool] | None:
    """(role, strong) of a header cell, None if it names no indicator-table column."""
    strong, weak = header_words()
    label = header_label(text)
    for table, is_strong in ((strong, True), (weak, False)):
        role = (
            table.get(label)
            or table.get(norm_label(text).lstrip("*★"))
            or table.get(_BRACKETS.sub("", norm_label(text)))
            or table.get(NOTE.sub("", label))  # 半年(程)目标值 is 半年目标值
        )
        if role:
            return role, is_strong
    if _VALUE_COLUMN.fullmatch(label):
        # a value column the vocabulary does not spell (预算设定指标值, 项目完成指标值): what
        # was achieved where it says so, else the target
        return ("ACTUAL" if _ACHIEVED.search(label) else "V"), False
    if role := _scrambled_role(label):
        return role, False
    return None


def trailing_role(cell: str) -> tuple[str, bool] | None:
    """The role of a strong column name a cell ends with, text before it (a caption the
    flattening ran into the header's first cell)."""
    label = norm_label(cell)
    for n in range(2, min(len(label), 12) + 1):
        hit = header_role(label[-n:])
        if hit is not None and hit[1] and not header_role(label[-n - 1 :]):
            return hit
    return None


# A column name ending like a value column's (…指标值, …目标值, …设定值, 年度数值): a few words before
# it, none of them 指标 (三级指标 | 指标值 run together is two column names, not one).
_VALUE_COLUMN = re.compile(r"(?:(?!指标|[一二三]级)[\u4e00-\u9fff]){1,6}(?:指标值|目标值|设定值|完成值|实现值|数值)")
_ACHIEVED = re.compile("完成|实际")


@dataclass(frozen=True)
class Layout:
    """Column roles of one header: [(column, role)], left to right."""

    roles: tuple[tuple[int, str], ...]

    @cached_property  # asked for every row
    def has_period(self) -> bool:
        return any(role == "VY" for _, role in self.roles)

    @cached_property
    def has_per_unit(self) -> bool:
        return any(role.startswith(PER_UNIT) for _, role in self.roles)

    def column(self, role: str) -> int | None:
        return next((c for c, r in self.roles if r == role), None)

    def has(self, role: str) -> bool:
        return any(r == role for _, r in self.roles)


def _bare_name_column(row: Row, found: list[tuple[int, tuple[str, bool]]]) -> int | None:
    """The column named 指标 alone right after the title column (绩效指标), if there is one."""
    title = next((col for col, (role, strong) in found if role == "L3" and not strong), None)
    if title is None or title + 1 >= len(row.cells) or norm_label(row.cells[title + 1]) != "指标":
        return None
    return title + 1


def header_layout(row: Row) -> Layout | None:
    """The layout if this row is an indicator-table header: it names the indicator column and
    a category or value column beside it. A weak name counts only without a strong one of its
    role (then it names a column we read past)."""
    # Every row of a document is asked and most are not headers: a line of text (a header names
    # two columns at least) or one cached lookup per cell (map and any run in C) answers those.
    if len(row.cells) < 2 or not any(map(header_role, row.cells)):
        return None
    hits = list(map(header_role, row.cells))
    if hits[0] is None and row.cells[0]:
        hits[0] = trailing_role(row.cells[0])  # text run into the first column's name (…为准)一级指标)
    found = [(col, hit) for col, hit in enumerate(hits) if hit is not None]
    strong_roles = {role for _, (role, strong) in found if strong}
    desc = next((col for col, (role, _) in found if role == "DESC"), None)
    if "L3" not in strong_roles and desc is not None and any(role == "L3" for _, (role, _) in found):
        # No name column but a title column (绩效指标) and one describing each indicator
        # (绩效指标 | 一级 | 二级 | 指标内容 | 指标值): that one names them. (Without the title
        # column it is a two-level template's description: 一级 | 二级 | 绩效标准, below.)
        found = [(col, ("L3", True) if col == desc else hit) for col, hit in found]
        strong_roles.add("L3")
    elif "L3" not in strong_roles and (bare := _bare_name_column(row, found)) is not None:
        # 绩效指标 | 指标 | 指标权重 | 指标性质 | 指标值: under the title, a column named 指标 alone
        found = sorted([*found, (bare, ("L3", True))])
        strong_roles.add("L3")
    roles: list[tuple[int, str]] = []
    seen: set[str] = set()
    for col, (role, strong) in found:
        if not strong and role in strong_roles:
            role = "NOTE"
        if role == "GOAL" and _POINTS_IN_HEADER.search(row.cells[col]):
            role = "NOTE"  # 年度绩效目标(90分): the form's title over the indicator rows, no goal column
        if role in seen and role in SECOND_SIDE:
            role = SECOND_SIDE[role]
        elif role == "DESC" and {"DESC", "V"} <= seen and "BASIS" not in strong_roles:
            role = "BASIS"  # 指标内容 | 指标值 | 绩效标准: after a description and the value, what sets it
        seen.add(role)
        roles.append((col, role))
    if "V" not in seen and "GOAL" in seen and "L3" in seen:
        # 指标名称 | 绩效目标 | 绩效标准: beside a name, the 绩效目标 column holds each one's target
        roles = [(col, "V" if role == "GOAL" else role) for col, role in roles]
        seen = {role for _, role in roles}
    if "L3" not in seen and {"L1", "L2"} <= seen and "V" in seen:
        # a two-level template: 一级 holds 数量指标/质量指标…, 二级 the indicator's name
        shift = {"L1": "L2", "L2": "L3", "L2Y": "L3Y"}
        roles = [(col, shift.get(role, role)) for col, role in roles]
        seen = {role for _, role in roles}
    if "L3" in seen and not has_value_column(Layout(tuple(roles))):
        roles += _per_unit_columns(row, max(col for col, _ in roles))
    if "L3" not in seen or not ({"L1", "L2", "V"} & seen) or len(roles) < 0.6 * sum(1 for c in row.cells if c):
        return None
    # a column whose name no vocabulary knows (实施进度) is still a column: read past, so that its
    # cells are not taken for the columns beside it
    named = {col for col, _ in roles}
    roles += [(col, "NOTE") for col, cell in enumerate(row.cells) if col not in named and unknown_column_name(cell)]
    return _one_row_two_headers(Layout(tuple(sorted(roles))))


_POINTS_IN_HEADER = re.compile(POINTS)

_UPPER_ROLES = frozenset(("V", "VY", "VP", "ACTUAL", "WEIGHT", "SCORE", "DEVIATION"))


def _one_row_two_headers(layout: Layout) -> Layout:
    """A two-row header flattened into one row: the upper row's names (年度指标值 | 实际完成值 |
    分值 | 得分) before the lower row's (一级 | 二级 | 三级 | 指标性质 | 指标值 | 度量单位), as the
    two rows would be merged (merge_headers), the data rows starting at the lower row's first."""
    first = min(col for col, role in layout.roles if role in ("L1", "L2", "L3"))
    upper = [role for col, role in layout.roles if col < first and role != "NOTE"]
    if len(upper) < 2 or not _UPPER_ROLES.issuperset(upper):
        return layout
    lower = [(col - first, role) for col, role in layout.roles if col >= first]
    # 指标值 under 年度指标值 was read as the second of two sides; in its own row it is the first
    first_side = {second: one for one, second in SECOND_SIDE.items()}
    named = {role for _, role in lower}
    lower = [(col, first_side[r] if r in first_side and first_side[r] not in named else r) for col, r in lower]
    return merge_headers([first_side.get(r, r) for r in upper], Layout(tuple(lower)))


def unknown_column_name(cell: str) -> bool:
    """A short text that names no known column and is no value or category: a header cell the
    vocabulary does not know (指标标准或依据), or a unit's name (西坪镇尧山村)."""
    return bool(cell) and len(cell) <= 12 and header_role(cell) is None and classify(cell) == TEXT


def has_value_column(layout: Layout) -> bool:
    """Whether the header names a value column of its own (not one per unit)."""
    return any(role in ("V", "VY", "VP", "ACTUAL") for _, role in layout.roles)


def _per_unit_columns(row: Row, last: int) -> list[tuple[int, str]]:
    """Columns after every named one, each headed by a short name that is no column name and no
    value (西坪镇尧山村 | 桃舟乡吾培村 …), in a header without a value column: a value column per
    unit. [] if the row has none."""
    units = [(col, cell) for col, cell in enumerate(row.cells) if col > last and cell]
    if len(units) < _MIN_UNITS or not all(unknown_column_name(c) for _, c in units):
        return []
    return [(col, PER_UNIT + cell) for col, cell in units]


def with_category_roles(layout: Layout) -> Layout:
    """The layout with 一级/二级 columns before all others where its header prints none, so that
    a category printed as a heading row (一、投入目标, 数量指标 alone on a row) is read as one."""
    first = min(col for col, _ in layout.roles)
    missing = [role for role in ("L1", "L2") if not layout.has(role)]
    return Layout(tuple((first - len(missing) + k, role) for k, role in enumerate(missing)) + layout.roles)


def upper_header_roles(row: Row) -> list[str]:
    """The roles a header row above the real header names (a two-row header: 年度指标值 over
    指标性质 | 指标值 | 度量单位, beside 实际完成值 | 分值 | 得分), in order; [] if it is not one."""
    hits = [header_role(cell) for _, cell in row.filled]
    named = sum(hit is not None for hit in hits)
    # a header row is mostly column names: not a project's form run onto one line (项目名称 | … | 绩效目标 | …)
    if len(row.filled) < 2 or named < 2 or 2 * named < len(hits):
        return []
    return [hit[0] for hit in hits if hit is not None]


def merge_headers(upper: list[str], layout: Layout) -> Layout:
    """The lower header's roles, then the upper row's roles it lacks, left to right after them:
    the upper row's columns beside a spanning group header sit right of the group."""
    missing = [role for role in upper if not layout.has(role) and role not in SECOND_SIDE.values()]
    last = max(col for col, _ in layout.roles)
    return Layout(layout.roles + tuple((last + 1 + k, role) for k, role in enumerate(missing)))


def completed_header(header: Row, below: Row) -> Layout | None:
    """A header whose names were broken over two lines (年度 | 实际 above 指标值 | 完成值): the
    names no vocabulary knows, left to right, completed by the cells of the row below, where
    each joined name is a column name and the row below holds nothing else; else None."""
    unknown = [col for col, cell in enumerate(header.cells) if unknown_column_name(cell)]
    rest = [cell for _, cell in below.filled]
    if not rest or len(rest) > len(unknown):
        return None
    for start in range(len(unknown) - len(rest) + 1):
        cells = list(header.cells)
        for col, tail in zip(unknown[start:], rest):
            cells[col] += tail
        if all(header_role(cells[col]) for col in unknown[start : start + len(rest)]):
            return header_layout(Row(header.line, cells))
    return None


UNIT_CAPTION = r"单位\s*[:：]\s*万?元"  # a table's money unit line (单位:万元)
# a page's number printed in its header or footer: 第3页, 第 3 页 共 9 页, 共9页 第3页, - 3 -, — 3 —
PAGE_NUMBER = (
    r"第\s*\d{1,4}\s*页(?:\s*[,，/、]?\s*共\s*\d{1,4}\s*页)?|共\s*\d{1,4}\s*页\s*[,，/、]?\s*第\s*\d{1,4}\s*页"
    r"|[-—－–]+\s*\d{1,4}\s*[-—－–]+"
)
# …and, a cell alone in its row, 3/9 (white space is gone when asked)
_PAGE_TITLE = re.compile(
    rf"绩效目标表|^[(（]\s*\d{{4}}\s*年度?\s*[)）]$|^{UNIT_CAPTION}$|^(?:{PAGE_NUMBER})$|^\d{{1,3}}/\d{{1,3}}$"
)


def is_page_furniture(row: Row) -> bool:
    """Titles and unit lines a page break repeats inside or between tables."""
    filled = row.filled
    return len(filled) == 1 and bool(_PAGE_TITLE.search(re.sub(r"\s+", "", filled[0][1])))


# What follows a table without being part of it: a note (注：…), a total line, the verdict, or
# the next table's header (序号 | …; an indicator table's own is read as a header before this).
# A web page's links and labels after its content (headers.toml [page]) end a table as well.
_HEADERS = tomllib.loads((VOCAB_DIR / "headers.toml").read_text(encoding="utf-8"))
_PAGE = _HEADERS["page"]
NUMBERING = frozenset(_HEADERS["numbering"]["names"])  # 序号: a column of row numbers
# a target as adjusted in the year (调整指标值), mostly printed blank
ADJUSTED = re.compile("|".join(map(re.escape, _HEADERS["adjusted"]["marks"])))
_PAGE_OPENINGS = "|".join(map(re.escape, _PAGE["chrome"] + _PAGE["more"]))  # what opens a page's own line
_PAGE_FOOTER = "|".join(map(re.escape, _PAGE["footer"]))  # what a page's footer holds anywhere in a line
AFTER_TABLE = re.compile(
    r"^(?:(?:注|备注|说明|填报说明|附件)\s*\d*\s*[:：.、]|……|\.\.\.|总分|合计|其他需要说明的?事项"
    r"|(?:预算)?(?:绩效)?评价(?:结果|结论)(?=$|[:：\s])|(?:" + "|".join(NUMBERING) + ")$"
    # a self-evaluation form's closing rows (偏差大或目标未完成原因分析, 改进措施及结果应用方案)
    r"|偏差大或|改进措施及结果应用|" + _PAGE_OPENINGS + rf"|.*?(?:{_PAGE_FOOTER}))"
)


# A line of the page around its text, not of the document: its links, footer, where it stops.
_PAGE_LINE = re.compile(f"^(?:{_PAGE_OPENINGS})|{_PAGE_FOOTER}")


def at_excerpt_end(rows: list[Row | None], i: int) -> bool:
    """Nothing of the document after rows[i:]: only the page's links, footer or a "read more"
    line (展开全文), so a table running up to here runs to the end of what the page kept."""
    return all(row is None or (len(row.filled) == 1 and _PAGE_LINE.search(row.filled[0][1])) for row in rows[i:])


@cache
def _signature() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    words = tomllib.loads((VOCAB_DIR / "headers.toml").read_text(encoding="utf-8"))["signature"]
    labels = "|".join(sorted(map(re.escape, words["labels"]), key=len, reverse=True))
    marks = "|".join(map(re.escape, words["marks"]))
    spaced = "|".join(r"\s*".join(map(re.escape, w)) for w in words["labels"])  # 负 责 人
    # labels may be joined (经办人及联系电话, 负责人/电话)
    return (
        re.compile(rf"^(?:{labels})(?:[及和、/](?:{labels}))*(?:[:：]|$)"),
        re.compile(marks),
        re.compile(f"{spaced}|{marks}"),
    )


def ends_table(row: Row) -> bool:
    """The sign-off block (负责人：…, 经办人, 联系电话, 审核意见 (盖章)) that closes a table: never
    data. A label must stand alone or before ':' (负责人员培训覆盖率 is an indicator)."""
    if not _signature()[2].search(row.joined):
        return False  # the common row: no sign-off word at all
    return any(is_sign_off(cell) for cell in row.cells if cell)


def is_sign_off(cell: str) -> bool:
    """A sign-off cell: a person label alone or before ':' (负责人：…), or a seal (审核意见 (盖章))."""
    label, mark, _ = _signature()
    return bool(label.match(re.sub(r"\s+", "", cell)) or mark.search(cell))
