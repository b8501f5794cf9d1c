"""Tables whose cells were glued together with no delimiter at all (a document preview or a
repost that kept only the text):

    绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分产出指标(70分)数量指标安装坡面水标尺10≥266米≥266米10…

The vocabularies and value patterns are the anchors: the header is the longest run of column
names; after it each row is [category labels] name, then a cell for each column right of the
name, read by what that column holds (a number for 分值/得分, a value for 指标值/实际值, a phrase
for 指标描述). Where several splits are possible the one that reads the whole table with the
most consistent rows wins (a dynamic programme over the text); what no split explains is left
to the caller to record.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import cache
from itertools import combinations

from .cells import VALUE_CLASSES, classify, reads_as_basis, unclosed
from .extract import LOST_LABEL, clean_name
from .models import Row
from .segment import tokenizer
from .tables import (
    ADJUSTED,
    AFTER_TABLE,
    UNIT_CAPTION,
    UNIT_SUFFIX,
    Layout,
    header_layout,
    header_role,
    unknown_column_name,
)
from .values import (
    DOTTED_DATE,
    MONTH_SPAN,
    VALUE_KIND,
    leading_operator,
    looks_qualitative,
    operator_pattern,
    unit_pattern,
    value_words,
)
from .vocab import POINTS, VOCAB_DIR, categories, form_fields

MIN_LENGTH = 50  # a shorter line is not a whole table
_MAX_NAME = 40
_NUM = r"(?:0|[1-9]\d*)(?:\.\d+)?"
_WEIGHT = re.compile(rf"{_NUM}[%分]?")  # a weight or score, as a share where printed so (20%)
_OPS = r"(?:>=|<=|≥|≤|＞|＜|>|<|=|﹦|＝|±)"
# Where a glued table ends: a note or total (AFTER_TABLE), or the next project's form.
_END = re.compile(f"{AFTER_TABLE.pattern}|^(?:项目支出)?绩效(?:自评|目标)表|^项目名称|^主管部门|^(?:项目)?实施单位")
_POINTS = re.compile(f"^{POINTS}")
_CLOSING = re.compile(r"(?:合计|总计|总分)(?=\d)|(?:绩效)?评价(?:结论|结果)")  # a table's total row, its verdict
# What 指标描述 cells usually open with (反映…情况): the boundary between a name and its description.
_DESC_OPENERS = ("反映", "考察", "衡量", "体现", "用于", "该指标", "指标")
_DESC_VERBS = _DESC_OPENERS[:4]  # the openers that, inside a stretch, say a description starts there
_DESC_CLOSE = re.compile(r"(?:情况|程度|水平|效果|比例|比率|质量|进度)$")


@cache
def _header_words() -> list[str]:
    roles = tomllib.loads((VOCAB_DIR / "headers.toml").read_text(encoding="utf-8"))["roles"]
    words = {w for entry in roles.values() for kind in ("strong", "weak") for w in entry.get(kind, [])}
    return sorted(words, key=len, reverse=True)


@cache
def _header_word() -> re.Pattern:
    """Any column name, longest first (a regex alternation tries them in order), with the unit
    the column also holds (指标值及单位) or a short note in brackets (年初目标值(A))."""
    return re.compile(
        "(?:"
        + "|".join(map(re.escape, _header_words()))
        + f")(?:{UNIT_SUFFIX})?(?:[(（][A-Za-z0-9/*+×%-]{{1,12}}[)）])?"
    )


@cache
def _labels() -> list[str]:
    cats = categories()
    # short spellings (成本, 数量) begin names too often (成本控制率) to be cut off as labels here
    anchors = (set(cats.level1_std) - cats.level1_whole_cell) | {w for w, entry in cats.level2.items() if entry.anchor}
    return sorted((w for w in anchors if len(w) >= 4), key=len, reverse=True)


_TARGETS = ("V", "VY", "VP")  # the columns of a target: the year's, a second side's, the period's
_VALUES = (*_TARGETS, "ACTUAL")
# columns a row's labels fill, not its cells after the name (a second side's label and name, 中期 |
# 年度 side by side, are read after the first side's cells: 数量指标X3数量指标X3)
_LABEL_ROLES = ("L1", "L2")
_DOTTED_DATE = re.compile(DOTTED_DATE)
_DATE = (
    rf"(?:(?:当年|本年|年底|\d{{4}}年)?\d{{1,2}}月(?:\d{{1,2}}日)?底?|{MONTH_SPAN}"
    rf"|\d{{4}}年[底末]|{DOTTED_DATE})(?:前|之前|以前)?(?:完成)?"
)


@cache
def _any_op() -> re.Pattern:
    """An operator: a symbol, or words (不低于95%)."""
    return re.compile(f"{_OPS}|{operator_pattern().pattern}")


@cache
def glued_value() -> re.Pattern:
    """A target value: a deadline (当年12月31日前完成), or an operator, a number and a unit."""
    return re.compile(
        rf"(?:{_any_op().pattern})?(?:{_DATE}|{_NUM}(?:{unit_pattern().pattern})?(?:及?以内|及?以上|及?以下)?)"
    )


def glued_header(text: str) -> tuple[int, int, list[str]] | None:
    """(start, end, cells) of the first run of glued column names that makes a header."""
    word = _header_word()
    for first in word.finditer(text):
        cells, at = [], first.start()
        while (found := word.match(text, at)) is not None or (found := _after_gap(text, at)) is not None:
            gap = text[at : found.start()]
            if gap and header_role(gap) is None and header_role(gap + found.group()) is not None:
                cells.append(gap + found.group())  # one name that ends in a known one (预算设定指标值)
            else:
                cells += [gap, found.group()] if gap else [found.group()]  # a gap: a name no vocabulary spells
            at = found.end()
            if note := _HEADER_NOTE.match(text, at):
                cells[-1] += note.group()  # 预期指标值(包含数字及文字描述): the name's note
                at = note.end()
        cells = _brackets_closed(cells)
        if len(cells) >= 3 and header_layout(Row(0, cells)) is not None:
            return first.start(), at, cells
    return None


_HEADER_NOTE = re.compile(r"[(（][^()（）]{1,20}[)）]")  # a column name's note: 指标值(包含数字及文字描述)


def _brackets_closed(cells: list[str]) -> list[str]:
    """A bracket opened in one cell and closed in a later one (评( | 扣分标准 | )): one cell."""
    out: list[str] = []
    for cell in cells:
        if out and unclosed(out[-1]):
            out[-1] += cell
        else:
            out.append(cell)
    return out


def _after_gap(text: str, at: int) -> re.Match | None:
    """The next column name after a short stretch of words no vocabulary spells (评(扣分标准))."""
    # (the gap bounds where the name starts; the name, its unit and note run at most _NAMED on)
    found = _header_word().search(text, at, at + _GAP + _NAMED)
    if found and found.start() - at > _GAP:
        return None  # the gap bounds where the name starts, not where it ends (得分系数 after 8 characters)
    gap = text[at : found.start()] if found else ""
    if not (found and gap.strip() and not re.search(r"[\d%]", gap)) or _label_word().search(gap):
        return None  # (no column is named by figures or a category label: 数量指标产出指标 are rows')
    named = header_role(gap) is not None or header_role(gap + found.group()) is not None  # (年成值全完值: scrambled)
    return found if named or unknown_column_name(gap) else None


_GAP = 8  # characters: the longest column name between known ones that no vocabulary spells
_NAMED = 40  # characters: more than a known column name with its unit and note in brackets takes


def _cell_options(
    role: str, text: str, at: int, numbers_follow: bool = False, after_name: bool = False
) -> list[tuple[str, float]]:
    """(cell, score) for what the column could hold at this point of the text (empty included);
    numbers_follow: the next column holds a number too, so a digit after this cell is no cut;
    after_name: the column is the one right after the name's."""
    rest = text[at : at + 80]
    # a row has its value, and a glued table prints few empty cells: an empty one costs
    empty = {"V": None, "VY": None, "VP": -1.2, "WEIGHT": -1.2, "SCORE": -1.2, "ACTUAL": -1.2, "DESC": -1.5}.get(
        role, -0.1
    )
    options: list[tuple[str, float]] = [] if empty is None else [("", empty)]
    if _END.match(rest):
        return options  # the table ends here (总分, the next project's form): no cell starts
    if role in ("WEIGHT", "SCORE"):
        options += [
            (
                m,
                (0.5 if float(m.rstrip("%分")) <= 100 else -3.0)
                - (1.5 if rest[len(m) : len(m) + 1].isdigit() else 0.0),
            )
            for m in _prefixes(_WEIGHT, rest)
        ]
    elif role in _VALUES:
        for m in _prefixes(glued_value(), rest):
            # a number cut in the middle? (not where the next row's item number starts: 6475 | 2.实际…)
            # (nor where a date follows a date: 2022.10.31 | 2022.11.15)
            cut = (
                m[-1].isdigit()
                and rest[len(m) : len(m) + 1].isdigit()
                and not _ITEM.match(rest, len(m))
                and not (_DOTTED_DATE.fullmatch(m) and _DOTTED_DATE.match(rest, len(m)))
            )
            # surely one number: the rest starts with 0 (9 | 0%: only 0 and 0.5 start so), or a bare
            # number would leave the unit to the rest (9 | 5%: a target and its result share a unit)
            after = rest[len(m) :]
            sure = cut and (
                re.match(r"0[\d%‰]", after) is not None
                or (
                    re.fullmatch(r"\D*\d+", m) is not None
                    and re.match(rf"\d+(?:\.\d+)?(?:{unit_pattern().pattern})", after) is not None
                )
            )
            # the same number twice (95 | 95: a target and its period's, or its result): likely
            twice = after.startswith(m) and not after[len(m) : len(m) + 1].isdigit()
            penalty = (4.0 if sure or not numbers_follow else 0.5 if twice else 2.0) if cut else 0.0
            if _name_goes_on().match(rest, len(m)):
                penalty += 2.0  # a figure inside the name (森林火灾6小时 | 内扑灭率 | 不低于95%)
            options.append((m, (1.5 if re.search(r"\D$", m) else 0.8) - penalty))
        if rest.startswith(changes := tuple(value_words()["qualitative"]["changes"])):
            word = next(w for w in changes if rest.startswith(w))
            options += [(word + m, 1.6) for m in _prefixes(glued_value(), rest[len(word) :])]  # 提升 | 10%
        endings = _name_endings()
        openers = tuple(value_words()["qualitative"]["openers"])
        # a phrase that opens like a target (较…, 有所…) is taken whole, any other as short as it reads
        opens = rest.startswith(openers)
        options += [
            (rest[:n], 1.0 + (0.5 + 0.03 * n if opens else -0.03 * n))
            for n in range(2, 10)
            if _qualitative(rest[:n]) and not rest[n:].startswith(endings) and not _name_goes_on().match(rest, n)
        ]  # 合格 | 率, 安全 | 排查次数6: a name goes on
        if opens:  # a comparison naming its year (同比2022年销量显著提高): taken whole too
            words = tuple(value_words()["qualitative"]["words"])
            options += [
                (rest[:n], 1.5 + 0.03 * n)
                for n in range(10, 24)
                if re.search(r"\d{4}年", rest[:n]) and rest[:n].endswith(words) and not rest[n:].startswith(endings)
            ]
        # a phrase of any length that ends where the next category starts (the last row of a group)
        for label_at in sorted({k for k in (rest.find(w) for w in _labels()) if 3 <= k <= 30}):
            phrase = rest[:label_at]
            if not re.search(r"\d|指标", phrase):
                options.append((phrase, _phrase_score(phrase)))
        # a grade (较高, 程度较高) or a scale of them (高中低) is a whole cell: where a category, the
        # table's end, the row's end or its weight follows it
        scale = _grade_scale().match(rest)
        if scale and (scale.end() == len(rest) or rest[scale.end()].isdigit() or _labels_at(rest, scale.end())[0]):
            options.append((scale.group(), 1.5))
        qualitative = value_words()["qualitative"]
        for grade in qualitative["grades"]:
            for phrase in (grade, "程度" + grade):
                if rest.startswith(phrase) and (
                    len(phrase) == len(rest)
                    or _labels_at(rest, len(phrase))[0]
                    or _END.match(rest, len(phrase))
                    or rest.startswith(phrase, len(phrase))  # the target achieved: 好 | 好
                ):
                    options.append((phrase, 1.5))
        if (
            at + len(rest) == len(text)
            and len(rest) <= _SHORT_TARGET
            and rest.startswith((*qualitative["words"], *openers))
            and not rest.endswith(tuple(value_words()["direction"]["words"]))
            and looks_qualitative(rest)
        ):
            options.append((rest, 1.0))  # a short target closing the text (及时支出)
        if re.fullmatch(_OPS, rest):
            options.append((rest, 0.5))  # the text is cut right after the operator
        elif (
            at + len(rest) == len(text)
            and 10 < len(rest) < 80
            and re.search(r"\d|[，,、；;]", rest)
            and not rest.startswith(endings)
            and not (role == "ACTUAL" and re.search(rf"[\u4e00-\u9fff]{_OPS}\d", rest))
        ):
            # a long target closing the text (a row a line): 检测1000人次以上,筛查600人次以上; not a
            # result holding a name and its target (每百万人口报告数≥1010: the value was cut too soon).
            # One opening as targets do in a word (显著提升了…, not 按… or 较… alone) says where it starts.
            worded = rest.startswith(tuple(o for o in openers if len(o) > 1))
            options.append((rest, 0.8 if worded else 0.3))
    elif role == "L2Y":
        labels, end = _labels_at(text, at)
        if labels:
            options.append((text[at:end], 0.3))  # its labels (a level 1 too where that side prints one)
    elif role == "L3Y":
        options += [(rest[:n], _name_score(rest[:n])) for n in range(2, min(_MAX_NAME, len(rest)) + 1)]
    elif role == "UNIT":
        options += [(m, 0.3) for m in _prefixes(unit_pattern(), rest)[:2]]
        if rest[:1] in ("-", "—", "/", "／"):
            options.append((rest[:1], 0.3))  # no unit, as printed
    elif role == "FIGURE":
        # a column read past that the vocabulary names may still print a figure (累计完成率 143%):
        # the row's, not the next name's start
        options += [(m, 0.3) for m in _prefixes(glued_value(), rest)[:1]]
        options += [(w, 0.3) for w in ("是", "否") if rest.startswith(w)]  # or a yes or no (是否核心指标)
    elif role == "KIND":
        options += [(m.group(), 1.0) for m in [VALUE_KIND.match(rest)] if m]
    elif role in ("OP", "DIRECTION"):
        # which way the indicator is good, or the operator: templates name these two columns either
        # way round (指标性质 | 指标方向 holding 正向 | =), and the extraction places them by content
        options += [(w, 1.0) for w in value_words()["direction"]["words"] if rest.startswith(w)]
        options += [(m.group(), 0.5) for m in [re.match(_OPS, rest) or operator_pattern().match(rest)] if m]
        options += [(m.group(), 0.5) for m in [VALUE_KIND.match(rest)] if m]  # …or the value's kind (指标性质 | 定性)
    elif role == "DEVIATION":
        # what a self-evaluation says of each row: mostly one phrase repeated (达成预期指标),
        # seen to end a row where a category label follows it
        options += [
            (rest[:n], 0.5 if text.count(rest[:n]) >= 2 and _before_label(text, rest[:n]) else -1.0)
            for n in range(2, min(len(rest), 30) + 1)
        ]
    elif role in ("DESC", "BASIS") and after_name and not rest.startswith(_DESC_OPENERS):
        # a figure with the standard it comes from (100%(历史标准)): where it ends is sure
        options += [
            (m + note.group(), 0.5)
            for m in _prefixes(glued_value(), rest)
            if (note := _HEADER_NOTE.match(rest, len(m)))
        ]
    elif role in ("DESC", "BASIS"):
        # right after the name, only a description that opens as one (反映…) says where the
        # name ends: any other cut between them would be a guess
        opens = rest.startswith(_DESC_OPENERS)
        options += [
            (
                rest[:n],
                (0.5 if opens or (role == "BASIS" and reads_as_basis(rest[:n])) else -1.5)
                + (1.0 if opens and _DESC_CLOSE.search(rest[:n]) else 0.0),
            )
            for n in range(4, len(rest) + 1)
        ]
        if 0 < len(rest) < 4 and at + len(rest) == len(text):
            options.append((rest, -1.5))  # the text's last words, a cell the excerpt cut short (保障…)
    return options


@cache
def _name_endings() -> tuple[str, ...]:
    """What ends an indicator name (率, 度, 人数): a cell starting so is the name going on."""
    return tuple(value_words()["qualitative"]["name_endings"])


@cache
def _grade_scale() -> re.Pattern:
    """The one-character grades a qualitative target is judged in, printed as a scale (高中低)."""
    grades = "".join(g for g in value_words()["qualitative"]["grades"] if len(g) == 1)
    return re.compile(f"[{re.escape(grades)}]{{3,5}}")


_SHORT_TARGET = 6  # characters: a target closing a row with no word that ends targets (及时支出)
_NUMERIC = frozenset((*_VALUES, "WEIGHT", "SCORE"))  # the columns that hold a number
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def _achieved_as_planned(text: str, at: int) -> list[tuple[str, float]]:
    """A target in words that a self-evaluation's result repeats (有效减轻有效减轻, 是是): the phrase
    printed twice running; one character only where it is a target alone (是, 优). A figure in it
    only with words after it (100%覆盖100%覆盖): figures alone are split as numbers are."""
    short = [
        (text[at : at + n], 0.5)
        for n in range(1, _REPEATED + 1)
        if text.startswith(text[at : at + n], at + n)
        and (not re.search(r"[\d%]", phrase := text[at : at + n]) or _FIGURE_AND_WORDS.fullmatch(phrase))
        and (n > 1 or looks_qualitative(text[at]))
    ]
    # a longer one (完成时间为2022年12月30日 twice) only where the row ends after it: its weight and
    # score alone, a category, or the text's end
    longer = [
        (text[at : at + n], 1.0)
        for n in range(_REPEATED + 1, min(_LONG_REPEATED, (len(text) - at) // 2) + 1)
        if text.startswith(text[at : at + n], at + n)
        and (_ROW_CLOSED.match(text, at + 2 * n) or _labels_at(text, at + 2 * n)[0])
    ]
    return short + longer


_FIGURE_AND_WORDS = re.compile(r"\D*\d[\d.%]*[\u4e00-\u9fff]+")


_REPEATED = 12  # characters: the longest target in words a result repeats anywhere in a row
_LONG_REPEATED = 80  # characters: …and at a row's end
_ROW_CLOSED = re.compile(r"(?:\d+(?:\.\d+)?[%分]?){0,2}$")  # the text's end, perhaps after a weight and score


@cache
def _number_run() -> re.Pattern:
    """Numbers (each perhaps with its unit) printed with nothing between them: 10101010, 95%100%55."""
    piece = rf"{_DIGITS.pattern}(?:{unit_pattern().pattern})?"
    return re.compile(rf"{_OPS}?{piece}(?:{piece})*")


def _number_runs(
    text: str, at: int, roles: list[str], both: bool, target: str = ""
) -> list[tuple[tuple[str, ...], float]]:
    """Ways to cut the numbers glued at `at` into the numeric columns that follow (指标值 | 实际完成值
    | 分值 | 得分 printed ≤441010, or 分值 first: 8550万粒550万粒8), each with a score for how well
    its numbers fit together: a result near its target, a score no more than its weight. Where a
    unit stands between two numbers a cell surely ends; between two digits it may. both: only cuts
    that both checks hold (where a wrong cut would read on through a whole table). target: the
    row's target, where the run starts after it (≥100百分比 | 10088: 100 | 8 | 8)."""
    numeric = next((n for n, role in enumerate(roles) if role not in _NUMERIC), len(roles))
    run = _number_run().match(text, at) if numeric >= 2 else None
    if run is None or not re.search(r"\d\d", run.group()):
        return []  # no two digits side by side: the cells' own options read it
    found: list[tuple[tuple[str, ...], float]] = []
    # the target printed before the run checks the result in it
    checked = roles[0] not in _TARGETS and _DIGITS.search(target) is not None
    both = both and "ACTUAL" in roles  # (with no result column, a weight and score is the one check)
    before, before_roles = ((target,), ["V"]) if checked else ((), [])
    runs = [run.group()]
    if runs[0][-1].isdigit() and (decimals := _MORE_DECIMALS.match(text, run.end())):
        runs[0] += decimals.group()  # numbers with decimals glued (10.0010.00): the run reads on
    if re.search(r"\d[\u4e00-\u9fff]$", runs[0]):
        runs.append(runs[0][:-1])  # a unit of one character may open the next name (9088单 | 单项业务成本)
    for s in runs:
        op = re.match(_OPS, s)
        forced = [
            i for i in range((op.end() if op else 0) + 1, len(s)) if s[i].isdigit() and s[i - 1] not in "0123456789."
        ]
        # a number with its unit is one (2021年, 250人): only the bare digits closing the run are cut,
        # and a weight's few digits opening it (a weight is a bare number, at most 100)
        # (bare numbers closing it may print decimals: 13510.009.00 is 135 | 10.00 | 9.00)
        tail = re.search(r"\d[\d.]*$", s)
        free = [i for i in range(tail.start() + 1, len(s)) if s[i].isdigit() and s[i - 1].isdigit()] if tail else []
        if roles[0] == "WEIGHT" and not op:
            free = sorted({*free, *(i for i in (1, 2, 3) if i < len(s) and s[: i + 1].isdigit())})
        for count in range(max(2, len(forced) + 1), numeric + 1):
            for cuts in combinations(free, count - 1 - len(forced)):
                bounds = sorted((*forced, *cuts))
                cells = tuple(s[a:b] for a, b in zip((0, *bounds), (*bounds, len(s))))
                if not all(map(_one_number().fullmatch, cells)):
                    continue  # a cut inside a number's decimals (10.0 | 010.00)
                if (score := _numbers_fit((*before, *cells), [*before_roles, *roles[:count]], both)) is not None:
                    found.append((cells, score - 0.2 * len(before)))  # (the target is no cell of the run)
    return found


_MORE_DECIMALS = re.compile(r"(?:\.\d+)+")


@cache
def _one_number() -> re.Pattern:
    """A cell of one number, perhaps after its sign and with its unit (not .00, nor 10.0010.00)."""
    return re.compile(rf"{_OPS}?{_DIGITS.pattern}(?:{unit_pattern().pattern})?")


def _numbers_fit(cells: tuple[str, ...], roles: list[str], both: bool) -> float | None:
    """How well numbers cut apart fit their columns; None where they do not: 0 or a leading zero, a
    weight over 100 or with a unit, a score over its weight, a result far from its target, a unit
    on a later value and not on the target; where both, a cut that only one check tests."""
    numbers = []
    for cell in cells:
        digits = _DIGITS.search(cell).group()
        if digits[0] == "0" and digits[1:2] != ".":
            return None  # 0 alone or leading: likelier a number cut wrong (1 | 0 | 1 | 0 for 10 | 10)
        numbers.append(float(digits))
    of = dict(zip(roles, numbers))
    if of.get("WEIGHT", 0) > 100 or any(
        role in ("WEIGHT", "SCORE") and not _WEIGHT.fullmatch(cell) for role, cell in zip(roles, cells)
    ):
        return None
    score = 0.2 * len(cells)  # each cell a little: what holds a cut is how the numbers fit
    target = next((n for n, role in enumerate(roles) if role in _TARGETS), None)
    checks = ("ACTUAL" in of and target is not None, {"WEIGHT", "SCORE"} <= of.keys())
    # (a weight and a score alone, after a result in words, have one check only: it must hold)
    if not (all(checks) if both and target is not None else any(checks)):
        return None  # nothing to check the cut by (a weight and a target: 3 | 620)
    if checks[0]:
        ratio = of["ACTUAL"] / numbers[target] if numbers[target] else float("inf")
        low, high = _RESULT_RANGE.get(leading_operator(cells[target])[0], (0.5, 2))
        if ratio == 1:
            score += 1.0
        elif low <= ratio <= high:
            score += 0.5
        elif checks[1] and of["SCORE"] == of["WEIGHT"] and ratio < low:
            score -= 1.0  # a full score for a result below its target: a reverse indicator (成灾率 0.4 | 0.1)
        else:
            return None
        if not re.search(r"\D$", cells[target]) and re.search(r"\D$", cells[roles.index("ACTUAL")]):
            return None  # a unit on the result and not on the target (20 | 21年: one year)
    if checks[1]:
        if of["SCORE"] > of["WEIGHT"]:
            return None
        score += 1.0
        # a weight and its score printed alike (10.00 | 9.00), not one cut into the other (1 | 0.009)
        weight, got = (cells[roles.index(role)] for role in ("WEIGHT", "SCORE"))
        score += 0.3 if _decimals(weight) == _decimals(got) else 0.0
    return score + (1.0 if all(checks) else 0.0)  # both checks hold: likelier than cells read one by one


def _decimals(number: str) -> int:
    return len(number.partition(".")[2].rstrip("%分"))


# How far a result may stand from its target, as a ratio, for the cut between them to be
# believed: near it, further above a floor (≥3: 7; ≥21: 85) and further below a ceiling.
_RESULT_RANGE = {"≥": (0.5, 5.0), ">": (0.5, 5.0), "≤": (0.2, 2.0), "<": (0.2, 2.0)}


def _name_again(name: str, text: str, at: int) -> list[str]:
    """Targets in words at `at` printing the name again, or its end (统筹项目谋划 | 统筹项目谋划,
    带动农户增收 | 农户增收): four characters at least, no figure, and no stop (a name holds none:
    a sentence printed twice is a target and its result)."""
    return [
        name[-n:]
        for n in range(4, len(name) + 1)
        if text.startswith(name[-n:], at) and not re.search(r"[\d,，;；。]", name[-n:])
    ]


def _repeated_results(text: str) -> tuple[str, ...]:
    """Phrases a self-evaluation prints as its rows' result (达成预期指标), each time right before
    the row's figures: in words, _RESULT_REPEATS times at least, each as long as it repeats."""
    before_figures = Counter(
        text[i - n : i]
        for i in range(len(text))
        if text[i].isdigit() and not text[i - 1 : i].isdigit()
        for n in range(4, 13)
        if i >= n and not re.search(r"[\d%.]", text[i - n : i])
    )
    repeated = {phrase: count for phrase, count in before_figures.items() if count >= _RESULT_REPEATS}
    whole = [  # each as long as it repeats as often (预期指标 is part of 达成预期指标)
        phrase
        for phrase, count in repeated.items()
        if not any(
            len(other) > len(phrase) and other.endswith(phrase) and repeated[other] == count for other in repeated
        )
    ]
    # and not a target with it (效果明显达成预期指标), nor a label
    return tuple(
        phrase
        for phrase in whole
        if not _label_word().search(phrase) and not any(phrase != other and phrase.endswith(other) for other in whole)
    )


_RESULT_REPEATS = 3


def _before_label(text: str, phrase: str) -> bool:
    """Whether the phrase stands right before a category label somewhere in the text."""
    at = text.find(phrase)
    while at >= 0:
        if _labels_at(text, at + len(phrase))[0]:
            return True
        at = text.find(phrase, at + 1)
    return False


def _qualitative(text: str) -> bool:
    """A short phrase that ends like a qualitative target (显著提升, 按计划完成) or denies (不超预算):
    stricter than values.looks_qualitative, since here any stretch of text is a candidate."""
    if re.search(r"[\d%()（）]", text) or not looks_qualitative(text) and not re.match(r"[不无未]", text):
        return False
    if operator_pattern().fullmatch(text):
        return False  # 不低于 is an operator waiting for its number
    # a target's opening word and one more (有所减轻, 明显缓解) is one whatever it ends with
    opened = len(text) <= _OPENED and text.startswith(_word_openers())
    return (
        text.endswith(tuple(value_words()["qualitative"]["words"]))
        or opened
        or (bool(re.match(r"[不无未]", text)) and 3 <= len(text) <= 5)
    )


_OPENED = 4  # characters: an opening word of two and one word after it


@cache
def _word_openers() -> tuple[str, ...]:
    """The openers that are words of their own (有所, 明显), not a character (较, 按)."""
    return tuple(o for o in value_words()["qualitative"]["openers"] if len(o) > 1)


def _phrase_score(phrase: str) -> float:
    """A long phrase read as a value because a category label follows it: likelier when it opens
    like a target, unlikelier when a name's ending (…情况, …率) or a target's opening stands
    inside it (where the name ends and the value begins)."""
    words = value_words()["qualitative"]
    score = 1.0 + (0.8 if phrase.startswith(tuple(words["openers"])) else 0.0)
    if any(ending in phrase[:-1] for ending in ("情况", "率", "度", "性")):
        score -= 1.5
    if any(opener in phrase[1:] for opener in words["openers"] if len(opener) >= 2):
        score -= 1.0
    if "、" in phrase or any(_qualitative(phrase[-n:]) for n in range(2, min(6, len(phrase) - 2) + 1)):
        score -= 1.0  # an enumeration, or a short target closing it (…传承影响 | 长远): a name before a value
    return score


def _prefixes(pattern: re.Pattern, text: str) -> list[str]:
    """Every prefix of text that the pattern matches whole (longest first)."""
    return [text[:n] for n in range(min(len(text), 24), 0, -1) if pattern.fullmatch(text[:n])][:6]


def _labels_at(text: str, at: int) -> tuple[list[str], int]:
    """Category labels (with printed points, 产出指标(70分)) starting at `at`, and where they end."""
    labels = []
    while True:
        found = _label_word().match(text, at)  # (longest first: the alternation keeps _labels' order)
        label = found.group() if found else _noted_label(text, at)
        if label is None:
            return labels, at
        labels.append(label)
        at += len(label)
        points = _POINTS.match(text[at:])
        if points:
            at += points.end()
        elif note := _LABEL_NOTE.match(text, at):
            labels[-1] += note.group()
            at = note.end()


def _noted_label(text: str, at: int) -> str | None:
    """A label with a note inside it (预算(或投资规模)控制指标: 预算控制指标) starting at `at`."""
    found = _INNER_NOTE.match(text, at)
    if found is None:
        return None
    head, rest = found.group(1), found.end()
    label = next((w for w in _labels() if w.startswith(head) and text.startswith(w[len(head) :], rest)), None)
    return text[at : rest + len(label) - len(head)] if label else None


_INNER_NOTE = re.compile(r"([\u4e00-\u9fff]{2,4})[(（][^()（）\d]{1,12}[)）]")
# a label's note naming what else it covers: 数量指标(或建筑规模指标), 时效指标(工期指标、形象进度指标)
_LABEL_NOTE = re.compile(r"[(（](?:[^()（）\d]{0,16}指标|[^()（）\d]{0,6}[必选]填[^()（）\d]{0,6})[)）]")  # or (必填)


_ITEM = re.compile(r"\d{1,2}[.、．][\u4e00-\u9fff]")  # an item number opening a row (2.实际到位资金)
# Words a name does not end on: they join it to more words (新增和 | 改善…, 产业带动 | 增加…), or
# open a target (状况显著 | 提升).
_DANGLING = ("和", "及", "与", "或", "的", "于", "、", "带动", "促进", "通过")


# What a name may hold that reads like a value: a note in brackets (面积(≥**平方米), 粉碎机(11kw)),
# a template's unfilled target (人数≥**人) and an item number (1.预算投入资金).
_NAME_NOTE = re.compile(rf"[(（][^()（）]*[)）]|{_OPS}\*+|^\d{{1,2}}[.、．]")


@cache
def _name_goes_on() -> re.Pattern:
    """A few characters closing on a name's ending, then a value: what came before was the name's
    (perhaps after the name's % and an operator: 及时率%=99, 扑灭率不低于95%)."""
    return re.compile(rf"[\u4e00-\u9fff]{{1,4}}(?:次数|人数|数量|比例|比重|率)%?(?:\d|{_any_op().pattern})")


_NUMBER_IN_WORDS = re.compile(r"(?<=[\u4e00-\u9fff])(?<!指标)\d+(?:\.\d+)?(?=[\u4e00-\u9fff])")  # not 指标1


# An age a name opens with (65岁以上老年人…, 0-6岁儿童…, 0-36月龄…: public health's indicators):
# its figure is no value and no previous row's, so the name may start with it.
_AGE = re.compile(r"\d{1,3}(?:[-~～—至]\d{1,3})?(?:周岁|岁|个月|月龄)(?:及?以[上下内])?(?=[\u4e00-\u9fff])")


def _name_score(name: str, after: str = "") -> float:
    """How much a stretch of text reads as an indicator name (after: the text that follows it)."""
    score = -0.02 * len(name)
    bare = _NAME_NOTE.sub("", name) or name
    if age := _AGE.match(bare):
        bare = bare[age.end() :]
    if re.search(_OPS + r"|\d%|^[^\u4e00-\u9fffA-Za-z(（★*“‘《「『\"]", bare):
        score -= 8.0  # a name holds no operator or percentage, and starts with a character (or “《)
    unit = unit_pattern().match(bare)
    if (unit and len(tokenizer().lcut(bare[:8])[0]) <= unit.end()) or len(name) < 3:
        score -= 8.0  # nor does it start with a unit (米, 万元; 项目 is a word), or stop after two characters
    if _label_word().search(name) or _END.search(name):
        score -= 8.0  # nor runs into the next category or the table's end
    inside = [
        m
        for m in glued_value().finditer(bare)
        if re.search(r"\D", m.group())
        and not _named_year(bare, m)
        and not _TIME_WITHIN.match(bare, m.end())
        and not _priced(bare, m, after)
    ]
    if bare[-1].isdigit() or any(not _count_going_on().match(bare, m.start()) for m in inside):
        score -= 6.0  # nor ends with a number, or holds a value with its unit (1020万元)
    elif inside:
        score -= 1.5  # a count with words going on after it (清算8个安置小区…): likelier the name's
    if any(
        not unit_pattern().match(bare, m.end()) and not bare.startswith("年", m.end())
        for m in _NUMBER_IN_WORDS.finditer(bare)
    ):
        score -= 3.0  # nor holds a bare number between words (数量153严格控制…: the value and more)
    if any(opener in name[1:] for opener in _DESC_VERBS):
        score -= 3.0  # nor into its description (反映…)
    if name.endswith(_DANGLING) or name.endswith(tuple(value_words()["qualitative"]["openers"])):
        score -= 3.0  # nor on a word that joins it to more, or opens a target
    return score


@cache
def _count_going_on() -> re.Pattern:
    """A count with words going on after it (8个安置小区, 3所学校的)."""
    counters = "".join(map(re.escape, value_words()["units"]["counters"]))
    return re.compile(rf"\d+[{counters}][\u4e00-\u9fff]{{2}}")


def _priced(name: str, found: re.Match, after: str) -> bool:
    """A quantity closing the name, priced by the value after it per its unit (饲料库120平米 |
    490元/平米): the quantity is the name's, the price the target."""
    unit = found.group().lstrip("0123456789.")
    return (
        found.end() == len(name)
        and bool(unit)
        and re.match(rf"(?:{_OPS})?{_NUM}[万千]?元/{re.escape(unit)}(?![\u4e00-\u9fff])", after) is not None
    )


def _named_year(name: str, found: re.Match) -> bool:
    """A year the name names (完成2021年…任务), not one a comparison target names (同比2022年…)."""
    return _YEAR.fullmatch(found.group()) is not None and not name[: found.start()].endswith(
        tuple(value_words()["qualitative"]["openers"])
    )


_YEAR = re.compile(r"(?:19|20)\d\d年")
_TIME_WITHIN = re.compile(r"内[\u4e00-\u9fff]{2}")  # a span the name names (6小时内扑灭率), more name after it
_NUMBERING = re.compile(r"指标\d{1,2}[:：]")
_UNCOLONED = re.compile(r"指标\d(?=[\u4e00-\u9fff])")
_TITLE = 20  # characters: the most a title between a table's rows and its header printed again takes
_SCRAMBLED = 8  # characters of a scrambled label under the header (row_start)
_SKIP = 6.0  # what leaving a stretch of text unread costs: more than any doubtful row
UNPLACED = "\x00unplaced"  # marks a stretch of text no row explains (glued_rows records it)


def _label_spans(text: str) -> tuple[list[int], set[int]]:
    """Where category labels stand (longest first, left to right): their starts, and the
    positions strictly inside them."""
    starts, inside = [], set()
    for found in _label_word().finditer(text):
        starts.append(found.start())
        inside.update(range(found.start() + 1, found.end()))
    return starts, inside


def _next_label(text: str, at: int) -> int | None:
    """Where the next category label (of four characters or more) starts, from `at` on."""
    found = _label_word().search(text, at)
    return found.start() if found else None


@dataclass
class _Step:
    score: float
    cells: tuple[str, ...] = ()  # the cells of the current row from this role on
    rows: tuple[tuple[list[str], tuple[str, ...]], ...] = ()  # (labels, cells) of the rows after it
    end: int = 0


_Split = tuple[list[str], list[list[str]], str]  # header cells, rows of cells, the text no row explains


def split_glued(text: str, one_row: bool = False) -> _Split | None:
    """(header cells, rows of cells in the header's columns, the text no row explains) of a
    glued table, or None if the text holds no glued header. one_row: the text after the header
    is one row (a row a line), ending where the text or the table ends."""
    header = glued_header(text)
    return None if header is None else _split_body(header[2], text[header[1] :], one_row)


def split_row(header: list[str], text: str, results: tuple[str, ...] = ()) -> _Split:
    """A row a line under a glued header already read (header: its cells), as split_glued: the
    row's text is never read as more column names (预算成本项目预算…). results: the phrases
    the table's rows print as their result (_repeated_results of its lines)."""
    return _split_body(header, text, one_row=True, results=results)


def _split_body(cells: list[str], text: str, one_row: bool, results: tuple[str, ...] = ()) -> _Split:
    """split_glued of the text after a header whose cells are known."""
    layout: Layout = header_layout(Row(0, cells))
    name_col = next(col for col, role in layout.roles if role == "L3")
    # the columns a row fills after its name, in order (two may share a role: 指标内容 | 绩效标准)
    after_cols = [(col, role) for col, role in layout.roles if col > name_col and role not in _LABEL_ROLES]
    # (a column read past under a name the vocabulary knows holds a figure; under a name no
    # vocabulary spells, scrambled by a conversion, nothing is read into it)
    after = ["FIGURE" if role == "NOTE" and header_role(cells[col]) else role for col, role in after_cols]
    adjusted = {k for k, (col, role) in enumerate(after_cols) if role in _TARGETS and ADJUSTED.search(cells[col])}
    body = _NUMBERING.sub("", text)  # template numbering (指标1:), and placeholders with no name
    # A cell boundary inside a word (预|算) is unlikely: jieba's words say where they may fall.
    begins = {stop: start for _, start, stop in tokenizer().tokenize(body)}  # the word ending at each stop
    words = {0, len(body)} | begins.keys()
    words |= {m.end() for m in _DOTTED_DATE.finditer(body)}  # jieba cuts a date's digits anywhere

    def cut(at: int) -> float:
        return 0.0 if at in words else -1.0

    # Category labels are anchors: no cell holds one or part of one.
    starts, inside = _label_spans(body)
    # …and so is a table's total or verdict (合计100, 评价结论): no cell runs into or past it
    starts = sorted({*starts, *(m.start() for m in _CLOSING.finditer(body))})

    def crosses(a: int, b: int) -> bool:
        k = bisect_left(starts, a)
        return a in inside or b in inside or (k < len(starts) and starts[k] < b)

    # The header printed again (a second goal's table, a new page) ends the rows before it, and
    # a short title above it (年度绩效目标2(40分)) is no row.
    printed = "".join(cells)
    again = [m.start() for m in re.finditer(re.escape(printed), body)]
    rows_from: dict[int, _Step] = {}
    cells_from: dict[tuple[int, int, str, str], _Step] = {}
    options_at: dict[tuple[str, int, bool, bool], list[tuple[str, float]]] = {}
    two_sided = "L3Y" in after
    results = results if one_row else _repeated_results(body) if "ACTUAL" in after else ()
    categorised = any(role in _LABEL_ROLES for _, role in layout.roles)

    def row_start(at: int) -> _Step:
        """The best reading of the body from a row's start: stop here, or labels, a name, cells."""
        found = rows_from.get(at)
        if found is not None:
            return found
        best = _Step(0.0, end=at)
        repeat = next((r for r in again if at <= r <= at + _TITLE), None)
        if repeat is not None and not _label_spans(body[at:repeat])[0]:
            best = row_start(repeat + len(printed))
        elif at < len(body) and not _END.match(body[at:]):
            labels, first = _labels_at(body, at)
            if numbered := _UNCOLONED.match(body, first):
                first = numbered.end()  # template numbering that lost its colon (指标1免费发放…): no part of the name
            if labels and (first >= len(body) or _END.match(body[first:])):
                best = _Step(0.0, end=first)  # headings with no row under them, then the end
            later = _next_label(body, first + 1)
            if later is not None:  # text no row explains, up to the next category: kept as unplaced
                rest = row_start(later)
                # a few characters right under the header are cheaper to leave: a label's rest
                # scrambled by the conversion (出标产指 for 产出指标), not a row's text
                cost = _SKIP if first or later - first > _SCRAMBLED else 1.0
                if rest.score - cost > best.score:
                    best = _Step(
                        rest.score - cost, rows=((labels, (UNPLACED, body[first:later])), *rest.rows), end=rest.end
                    )
            for n in range(2, min(_MAX_NAME, len(body) - first) + 1):
                if crosses(first, first + n):
                    break
                name = body[first : first + n]
                named = _name_score(name, body[first + n : first + n + 16])
                step = cells_after(first + n, 0, "", name if two_sided else "")
                cells, score = (name, *step.cells), step.score + named + cut(first + n)
                for desc_end in echoes(first + n) if after[:1] == ["DESC"] else ():
                    # a description ending in the name's last word (补助人数 | 实际发放解困工资人数; 维修面积
                    # | 维修面积): where the name ends is sure
                    echoed = cells_after(desc_end, 1, "", name if two_sided else "")
                    if (both := echoed.score + named + cut(first + n) + 0.5) > score:
                        desc = body[first + n : desc_end]
                        step, cells, score = echoed, (name, desc, *echoed.cells), both
                for target in _name_again(name, body, first + n) if after[:1] in (["V"], ["VY"]) else ():
                    after_target = cells_after(first + n + len(target), 1, target, name if two_sided else "")
                    if (doubled := after_target.score + named + cut(first + n) + 0.5) > score:
                        step, cells, score = after_target, (name, target, *after_target.cells), doubled
                if score > best.score:
                    best = _Step(score, rows=((labels, cells), *step.rows), end=step.end)
            if labels and not categorised and glued_value().match(body, first):
                # no category columns, and an indicator named like a category (服务对象满意度 | 5 | %
                # | 95): the label is the row's name
                step = cells_after(first, 0, "", labels[-1] if two_sided else "")
                if (score := step.score - 0.02 * len(labels[-1])) > best.score:
                    best = _Step(score, rows=((labels[:-1], (labels[-1], *step.cells)), *step.rows), end=step.end)
        rows_from[at] = best
        return best

    def echoes(at: int) -> list[int]:
        """Where a description from `at` on may end: at the word that ends the name printed
        again (two characters at least: 合规 | 率 is 合规率), within a name's length, no label
        crossed."""
        start = begins.get(at, at)
        if at - start < 2:
            start = begins.get(start, start)
        word = body[start:at]
        if len(word) < 2 or body.startswith(_name_endings(), at):
            return []  # (nor where the name goes on: 完成及时 | 率)
        ends = (at + m.end() for m in re.finditer(re.escape(word), body[at : at + _MAX_NAME]))
        # (a description opening inside it, 反映…, says the name goes on to there)
        return [
            end
            for end in ends
            if end in words and not crosses(at, end) and not any(w in body[at + 1 : end] for w in _DESC_VERBS)
        ]

    def before_result(at: int) -> list[tuple[str, float]]:
        """A target in words of any length up to the table's repeated result, where it ends is
        sure: after a name closing on a name's ending (合规性 | 严格执行相关制度规定), or printing
        the name's end again (带动农民增收 | 农民增收, 巩固脱贫成果 | 巩固脱贫成果)."""
        ends = [found for phrase in results if (found := body.find(phrase, at + 2, at + _MAX_NAME)) > 0]
        if not ends:
            return []
        target = body[at : min(ends)]
        doubled = body.endswith(target, 0, at)
        ending = body.endswith(_name_endings(), 0, at) and not re.search(r"\d", target)
        return [(target, 2.0)] if doubled or ending else []

    def cells_after(at: int, k: int, value: str, name: str) -> _Step:
        """The best reading from column k of a row on (value: the row's 指标值 so far; name: its
        name where a second side may print it again)."""
        key = (at, k, value, name)
        if key in cells_from:
            return cells_from[key]
        if k == len(after):
            if one_row and at < len(body) and not _END.match(body[at:]):
                cells_from[key] = _Step(float("-inf"))
                return cells_from[key]
            rest = row_start(at)
            best = _Step(rest.score + 1.5, rows=rest.rows, end=rest.end)
        else:
            best = _Step(float("-inf"))
            numbers_follow = k + 1 < len(after) and after[k + 1] in _NUMERIC
            where = (after[k], at, numbers_follow, k == 0)  # the same for every value and name so far
            if where not in options_at:
                options_at[where] = _cell_options(after[k], body, at, numbers_follow, k == 0)
            options = list(options_at[where])
            if after[k] == "VY":
                # a second side printed blank, or its labels only; a second target with no name of
                # its own (年初指标值 | 调整指标值) is often left blank
                options.append(("", -1.0 if two_sided else -1.2))
            if after[k] in _TARGETS and "ACTUAL" in after[k + 1 :]:
                options += _achieved_as_planned(body, at)
            elif after[k] == "ACTUAL" and value and body.startswith(value, at):
                options.append((value, 0.0))  # (equal to the target: scored below)
            if results and after[k] == "ACTUAL":
                options += [(phrase, 1.0) for phrase in results if body.startswith(phrase, at)]
            elif results and k == 0 and after[:2] in (["V", "ACTUAL"], ["VY", "ACTUAL"]):
                options += before_result(at)
            if k in adjusted:  # a target adjusted in the year: blank unless the figures say otherwise
                options = [("", 0.0), *((cell, score - 1.2) for cell, score in options if cell)]
            for cell, score in options:
                if cell and after[k] != "L2Y" and crosses(at, at + len(cell)):
                    continue  # (the second side's labels are labels)
                score += cut(at + len(cell)) if cell else 0.0
                if after[k] in ("WEIGHT", "SCORE") and after[k + 1 : k + 2] == ["UNIT"] and cell.endswith("%"):
                    score -= 1.5  # a share sign before the unit column is the unit (10 | % | = | 100)
                if after[k] in _VALUES and cell and cell in (value, leading_operator(value)[1]):
                    # achieved as planned (不少于800篇 | 800篇), or the year's target the period's: the
                    # common case, and a sign the split is right
                    score += 1.0
                elif after[k] == "ACTUAL" and not cell and value:
                    score -= 0.8  # a target without what was achieved: likelier a name cut in two
                elif after[k] == "L3Y" and cell and cell == name:
                    score += 1.0  # both sides name the indicator alike
                step = cells_after(at + len(cell), k + 1, cell if after[k] in _TARGETS and cell else value, name)
                if step.score + score > best.score:
                    best = _Step(step.score + score, (cell, *step.cells), step.rows, step.end)
            for run, score in _number_runs(body, at, after[k:], not one_row, value):
                end_at = at + sum(map(len, run))
                step = cells_after(end_at, k + len(run), run[0] if after[k] in _TARGETS else value, name)
                if step.score + score + cut(end_at) > best.score:
                    best = _Step(step.score + score + cut(end_at), (*run, *step.cells), step.rows, step.end)
        cells_from[key] = best
        return best

    for at in range(len(body), -1, -1):  # from the end: the recursion finds what it needs done
        row_start(at)
    result = row_start(0)
    return (
        cells,
        [
            _place(labels, list(row), layout, [name_col] + [col for col, _ in after_cols])
            if row[0] != UNPLACED
            else [row[0], row[1]]
            for labels, row in result.rows
        ],
        body[result.end :],
    )


def _place(labels: list[str], row: list[str], layout: Layout, columns_of_row: list[int]) -> list[str]:
    """The row's cells in the header's columns (columns_of_row: the name's and those after it):
    labels in the category columns (level 1 first)."""
    width = max(col for col, _ in layout.roles) + 1
    cells = [""] * width
    columns = {role: col for col, role in layout.roles}
    cats = categories()
    level1, level2_seen = "", False
    if not {"L1", "L2"} & columns.keys():
        # no category column named (评价内容 | 绩效内容 | 目标值): the labels go in the columns before
        # the name's, where the rows' cells are read by what they hold, as a table's merged cells are
        placed = min(len(labels), columns_of_row[0])
        for k, label in enumerate(labels[len(labels) - placed :]):
            cells[columns_of_row[0] - placed + k] = label
        labels = []
    for label in labels:
        # a label that may be either is a level 2 after a level 2 (时效指标 with no rows, then
        # 成本指标) where it fits under the row's level 1, if the row prints one
        after_level2 = level2_seen and (not level1 or cats.fits(level1, label))
        # …or right after a level 1 it fits under (产出指标 | 成本指标)
        # (a label printed twice, 满意度指标 | 满意度指标, is its own level 2)
        under_level1 = bool(level1) and (label == level1 or cats.fits(level1, label) is True)
        dual = cats.is_level2(label) and ("L1" not in columns or after_level2 or under_level1)
        role = "L1" if cats.is_level1(label) and not dual else "L2"
        level2_seen = level2_seen or role == "L2"
        level1 = label if role == "L1" else level1
        if role in columns:
            cells[columns[role]] = label
    for col, text in zip(columns_of_row, row):
        cells[col] = text
    if "L2Y" in columns and cells[columns["L2Y"]]:
        cells[columns["L2Y"]] = _labels_at(cells[columns["L2Y"]], 0)[0][-1]  # its level 2, past any level 1
    return cells


def _fields(text: str) -> list[str]:
    """Text before a glued table split at the field labels it prints (项目名称X主管部门Y -> cells)."""
    return [part for part in form_fields().split(text) if part.strip()]


@cache
def _long_header_word() -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in _header_words() if len(w) >= 3))


def _may_hold_table(line: str) -> bool:
    """Cheap test before the search (every short line is asked): a glued header names several
    columns."""
    return len(set(_long_header_word().findall(line))) >= 3


# The columns a glued fragment with no header is read in: labels, name, value, and a weight or
# score after it (sichuan: 足额保障率=100% 22.5). Its rows are given without this header: the
# extraction reads their columns from their content and records that (headerless.py).
_FRAGMENT_HEADER = ("一级指标", "二级指标", "三级指标", "指标值", "分值")
# A row a line may print its value's kind too (定性 | 优良中低差): one line is short enough to
# try that column as well, a whole table on a line is not.
_FRAGMENT_ROW_HEADER = (*_FRAGMENT_HEADER[:3], "指标值类型", *_FRAGMENT_HEADER[3:])
# A self-evaluation's row prints what it achieved and its score after the value, glued to them
# (≥90%9310: 93 | 10): tried where the row in the columns above leaves its value no value.
_FRAGMENT_EVALUATED_HEADER = (*_FRAGMENT_ROW_HEADER[:-1], "实际完成值", "分值", "得分")
_FRAGMENT_ROW_HEADERS = (_FRAGMENT_ROW_HEADER, _FRAGMENT_EVALUATED_HEADER)
# (the name's and the value's columns are the same in both)
_FRAGMENT_NAME, _FRAGMENT_VALUE = _FRAGMENT_ROW_HEADER.index("三级指标"), _FRAGMENT_ROW_HEADER.index("指标值")


@cache
def _label_word() -> re.Pattern:
    return re.compile("|".join(map(re.escape, _labels())))


def fragment_rows(line: str, number: int) -> list[Row] | None:
    """A line holding glued indicator rows with no header (a page cut above the table): its rows,
    where it holds two category labels and three values at least and splits into three rows or
    more with no stretch of text left unexplained."""
    if len(set(_label_word().findall(line))) < 2 or len(glued_value().findall(line)) < 3:
        return None  # the common long line: prose
    found = _split_body(_FRAGMENT_HEADER, line, one_row=False)
    if len(found[1]) < 3 or any(cells[0] == UNPLACED for cells in found[1]):
        return None  # only a fragment that reads whole is taken: without a header, doubt stays text
    _, rows, rest = found
    return [Row(number, cells) for cells in rows] + ([Row(number, [rest])] if rest.strip() else [])


def headerless_rows_a_line(lines: list[str], start: int) -> tuple[int, list[Row], int] | None:
    """Glued rows a line with no header above them (an excerpt opening inside a glued table):
    the run through line start (0-based), which opens with a category label, from the rows
    just before it: (the index of the run's first line, its rows in the columns of a
    fragment's header, the index after its last). None unless _RUN lines or more each split into
    one whole row with a value, _LABELLED of them opening with a label."""
    if not _label_word().match(lines[start].strip()) or _fragment_row(lines[start]) is None:
        return None  # the common line: no label opening it, or no row
    first = start
    for k in range(start - 1, max(start - _LOOK_BACK, 0) - 1, -1):  # blank lines between rows too
        if lines[k].strip():
            if _fragment_row(lines[k]) is None:
                break
            first = k
    rows: list[Row] = []
    labelled = 0
    end = first
    while end < len(lines) and len(rows) < _MAX_BLOCK:
        if not lines[end].strip():
            end += 1
            continue
        cells = _fragment_row(lines[end])
        if cells is None and rows and not rows[-1].cells[-1] and _row_rest(lines[end]):
            cells = ["".join(lines[end].split())]  # the row above's result and score (优10), kept as is
        elif cells is None:
            break
        rows.append(Row(end + 1, cells))
        labelled += bool(cells[0] or cells[1])
        end += 1
    if len(rows) < _RUN or labelled < _LABELLED:
        return None
    if any(len(row.cells) == len(_FRAGMENT_EVALUATED_HEADER) for row in rows):
        # a row printing its result and score: so do the others printing figures after their
        # value, split alike (=6万元65: 6 | 5)
        evaluated_first = _FRAGMENT_ROW_HEADERS[::-1]
        rows = [
            Row(row.line, _fragment_row(lines[row.line - 1], evaluated_first) or row.cells)
            if row.cells[-1] or not _value_cell(row.cells[_FRAGMENT_VALUE])
            else row
            for row in rows
        ]
    return first, rows, end


def _row_rest(line: str) -> bool:
    """A short line of figures or a grade: what a row printing nothing after its value achieved
    and scored, on the next line."""
    text = "".join(line.split())
    return len(text) <= _REST_CHARS and classify(text) in VALUE_CLASSES


_REST_CHARS = 8  # characters: a row's result and score on a line of their own (优10, 100%5)
_RUN = 3  # rows: fewer glued lines with no header are no table
_LABELLED = 2  # rows opening with a category label: what marks an indicator table's rows
_LOOK_BACK = 5  # lines of rows before the first printing a label (the excerpt opening in a block)


def _fragment_row(line: str, headers: tuple[tuple[str, ...], ...] = _FRAGMENT_ROW_HEADERS) -> list[str] | None:
    """A line split as one whole glued row with a name and a value, in the columns of the first
    of headers that leaves a value in its value column (else of the first that reads a row at
    all), else None."""
    text = "".join(line.split())
    if not text or len(line) >= MIN_LENGTH or "\t" in line or "|" in line or glued_header(text) is not None:
        return None
    return _whole_row(text, headers)


def _whole_row(text: str, headers: tuple[tuple[str, ...], ...]) -> list[str] | None:
    """_fragment_row of a row's text whitespace removed."""
    first_read = None
    for header in headers:
        found = split_row(header, text)
        if len(found[1]) != 1 or found[2].strip():
            continue
        cells = found[1][0]
        if cells[0] == UNPLACED or not cells[_FRAGMENT_NAME] or not cells[_FRAGMENT_VALUE]:
            continue
        if _value_cell(cells[_FRAGMENT_VALUE]):
            return cells
        first_read = first_read or cells
    return first_read


MIN_NUMBERED = 3  # rows numbered by the template (指标1:…) that make a table of a line's text
_DOUBTFUL_NAME = -2.0  # _name_score: a name holding a value or a bare number is a scrambled row's


def numbered_rows(line: str, number: int) -> list[Row] | None:
    """A glued line whose header was scattered (a spreadsheet flattened out of order, then glued),
    its rows numbered by the template (指标1:… 指标2:…): from each number, with the category
    labels just before it, to the next, one whole row in a fragment's columns (its result and
    score too: 12次96次11). The text before the first number is a row of its own, and a piece that
    does not split into values alone stays unplaced. None unless most pieces split."""
    text = "".join(line.split())
    starts = [labelled_from(text, found.start()) for found in _NUMBERING.finditer(text)]
    if len(starts) < MIN_NUMBERED:
        return None
    rows = [Row(number, [text[: starts[0]]])] if starts[0] else []
    read = 0
    for piece in (text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])):
        cells = _whole_row(piece, _FRAGMENT_ROW_HEADERS)
        if (
            cells
            and cells[0] != UNPLACED
            and _name_score(cells[_FRAGMENT_NAME]) > _DOUBTFUL_NAME
            and all(_value_cell(c) for c in cells[_FRAGMENT_VALUE:] if c)
        ):
            # the numbering kept (it marks the row as an indicator's: headerless.py), and the
            # label columns dropped where the piece prints none
            cells[_FRAGMENT_NAME] = _NUMBERING.search(piece).group() + cells[_FRAGMENT_NAME]
            rows.append(Row(number, cells if cells[0] or cells[1] else cells[_FRAGMENT_NAME:]))
            read += 1
        else:
            rows.append(_row(number, [UNPLACED, piece], _FRAGMENT_VALUE))
    return rows if read >= MIN_NUMBERED and 2 * read > len(starts) else None


def labelled_from(text: str, at: int) -> int:
    """Where the category labels printed right before position at start (质量指标 指标1:)."""
    while True:
        end = len(text[:at].rstrip())
        found = next((label for label in _labels() if text.endswith(label, 0, end)), None)
        if found is None:
            return at
        at = end - len(found)


def _value_cell(text: str) -> bool:
    """One target and nothing else: a figure with its operator and unit, or words (明显改善)
    holding no figure (优良路率≥80%8210 holds a name's end and figures after the value)."""
    return glued_value().fullmatch(text) is not None or (
        classify(text) in VALUE_CLASSES and glued_value().search(text) is None
    )


def glued_rows(line: str, number: int) -> list[Row] | None:
    """A line holding a whole glued table -> the text before it, its header and its rows, and
    the text after them (one cell: the caller decides what it is)."""
    if len(line) < MIN_LENGTH or "\t" in line or "|" in line or not _may_hold_table(line):
        return None
    found = split_glued(line)
    if found is None or not found[1]:
        return None
    header, rows, rest = found
    start = line.find("".join(header))
    out = [Row(number, _fields(line[:start]))] if line[:start].strip() else []
    out.append(Row(number, header))
    # text no row explains goes in a row of its own, marked: the table records it as a problem
    # and goes on (_row)
    roles = header_layout(Row(0, header)).roles
    value_col = next((col for col, role in roles if role in ("V", "VY")), roles[-1][0])
    out.extend(_row(number, cells, value_col) for cells in _scored_alike(rows, roles))
    if rest.strip() and _labels_at(rest, 0)[0]:
        out.append(_row(number, [UNPLACED, rest], value_col))  # more rows, none split with confidence
    elif rest.strip():
        out.append(Row(number, [rest]))
    return out


def _scored_alike(rows: list[list[str]], roles: tuple[tuple[int, str], ...]) -> list[list[str]]:
    """Rows of a self-evaluation glued into one text: where two rows or more print a weight and
    a score, a row missing either was split where the text is garbled (a name printed twice,
    a figure scrambled); it is kept as unplaced text, not read."""
    cols = [col for col, role in roles if role in ("WEIGHT", "SCORE")]
    scored = [len(cols) == 2 and row[0] != UNPLACED and all(row[c] for c in cols) for row in rows]
    if sum(scored) < 2:
        return rows
    return [[UNPLACED, "".join(row)] if row[0] != UNPLACED and not all(row[c] for c in cols) else row for row in rows]


def _row(number: int, cells: list[str], value_col: int) -> Row:
    """A split row; text no row explains stays in a row of its own, marked so that the table
    records it as a problem instead of reading it."""
    if cells[0] != UNPLACED:
        return Row(number, cells, placed=True)
    return Row(number, [""] * value_col + [cells[1]], unplaced=True)


def glued_block(lines: list[str], start: int) -> tuple[list[Row], int] | None:
    """A glued header alone on line start (0-based) and glued rows a line each under it, up to
    a blank line: (the header and rows, each at its own line; the index after the block).
    Each line is split under the header on its own: a line break is a row's end."""
    if "\t" in lines[start] or "|" in lines[start]:
        return None
    if _may_hold_table(lines[start]):
        head, end = "".join(lines[start].split()), start + 1
    elif (over := _header_over_lines(lines, start)) is not None:
        head, end = over
    else:
        return None
    found = split_glued(head)
    if found is None or found[1] or found[2].strip():
        return None  # no header, or not one alone on its lines
    header = found[0]
    while end < len(lines) and (more := _header_goes_on(header, lines[end])) is not None:
        header, end = more, end + 1  # the header wrapped over lines
    if (lower := _lower_header(header, lines, end)) is not None:
        header, end = lower
    first, rows, done = _rows_a_line(header, lines, end, opened=False)
    if not rows:
        return None
    return [*first, Row(start + 1, header), *rows], done  # a project's cells before the header: what names its project


def glued_rows_below(found: list[Row], lines: list[str], start: int) -> tuple[list[Row], int]:
    """A whole glued table on line start (found: glued_rows) whose rows run to the line's end
    (its header glued to the text before it: a goal, a form's fields), and glued rows a line
    under it: all its rows, and the index of the line after them."""
    header = next((row.cells for row in found if not row.unplaced and header_layout(row) is not None), None)
    last = found[-1]
    if header is None or last.cells == header or (len(last.cells) == 1 and not last.unplaced):
        return found, start + 1  # the table ended on its line (text after its rows), or has no row
    _, rows, done = _rows_a_line(header, lines, start + 1, opened=True)
    return [*found, *rows], (done if rows else start + 1)


def _rows_a_line(header: list[str], lines: list[str], end: int, opened: bool) -> tuple[list[Row], list[Row], int]:
    """Glued rows a line under a glued header, from line end up to the table's end: (a line or two
    before the first row, unless rows were opened already: a project's own cells; the rows; the
    index of the line after the last row)."""
    roles = header_layout(Row(0, header)).roles
    value_col = next((col for col, role in roles if role in ("V", "VY")), roles[-1][0])
    out: list[Row] = []
    first: list[Row] = []
    start, done = end, end
    evaluated = any(role == "ACTUAL" for _, role in roles)
    results = _repeated_results("\n".join(lines[end : end + _MAX_BLOCK])) if evaluated else ()
    while end < len(lines) and "\t" not in lines[end] and end - start < _MAX_BLOCK:
        text = "".join(lines[end].split())
        # (a line holding a header of its own is no row of this one)
        split = split_row(header, _title_dropped(text), results) if text and glued_header(text) is None else None
        rows = split[1] if split is not None else []
        line = end + 1  # the row's first line
        if text and not rows and _labels_at(text, 0)[0] and (wrapped := _wrapped_row(header, lines, end)) is not None:
            split, last = wrapped  # a row whose cells wrapped onto the next lines
            rows, end = split[1], last
        elif len(rows) == 1 and not split[2].strip():
            split, end = _figures_below(header, text, split, lines, end)
            rows = split[1]
        if rows:
            out.extend(_row(line, c, value_col) for c in rows)
            if split[2].strip():
                out.append(Row(line, [split[2]]))
        elif text and (category := _category_lines(text, lines, end)) is not None:
            labels, end = category  # a category with no rows of its own, perhaps wrapped (项目完成 / 指标)
            out.append(Row(line, _place(labels, [], header_layout(Row(0, header)), [])))
        elif text and (_REMAINDER.fullmatch(text) or LOST_LABEL.match(text)):
            pass  # the unit and kind columns of a category with no rows (-定性), or a lost label's weight
        elif text and out and not clean_name(text):
            pass  # a template placeholder under a category (……): no row, and not the table's end
        elif (
            text
            and glued_header(text) is None
            and (
                _labels_at(text, 0)[0] or ((out or opened) and len(text) <= _ROW_TEXT and not _ENDS_BLOCK.search(text))
            )
        ):
            # a row (its category first, or a short line after the table's rows) that cannot be
            # split with confidence: recorded as a problem, not guessed at; a line holding a
            # header of its own starts another table
            out.append(Row(end + 1, [""] * value_col + [text], unplaced=True))
        elif text and not (out or opened) and len(first) < 2:
            # a project's cells (unit, amounts, goal), perhaps with the first row glued after
            # them: the table's first row shares a printed row with the project's merged cells
            own = _row_after_project(header, text)
            first.append(Row(end + 1, [text[: own[0]] if own else text]))
            if own:
                out.append(Row(line, own[1]))
        elif text:
            break  # not a row of this table: the table has ended
        end += 1
        done = end if text else done
    return first, out, done


def _row_after_project(header: list[str], text: str) -> tuple[int, list[str]] | None:
    """A glued row after a project's cells on its line (…学习环境。成本指标经济成本指标成本节约率0%…):
    (where it starts, its cells), at a category label from which the rest splits as one whole row."""
    at = _next_label(text, 1)
    split = split_row(header, text[at:]) if at is not None else None
    if split is None or len(split[1]) != 1 or split[1][0][0] == UNPLACED:
        return None
    return at, split[1][0]


def _lower_header(header: list[str], lines: list[str], end: int) -> tuple[list[str], int] | None:
    """A header printed in two rows, glued a row a line (绩效指标 | 年度指标值 | 实际完成值 | … over
    一级指标 / 二级指标三级指标指标性质指标值度量单位): the lower row's names, which split the upper
    row's groups, then the upper row's columns it lacks, as tables.merge_headers orders them; with
    the index of the line after it. None unless the lines from end (a blank one aside) hold
    column names only and make a header of their own."""
    start = end + 1 if end < len(lines) and not lines[end].strip() else end
    names, joined, last = _names_line(), "", start
    while last < len(lines) and last - start < _HEADER_LINES:
        text = "".join(lines[last].split())
        if not text or not names.fullmatch(text):
            break
        joined, last = joined + text, last + 1
    found = split_glued(joined) if joined else None
    if found is None or found[1] or found[2].strip():
        return None
    covered = {role for _, role in header_layout(Row(0, found[0])).roles}
    kept = [cell for cell in header if (hit := header_role(cell)) is not None and hit[0] not in covered]
    return [*found[0], *kept], last


def _header_over_lines(lines: list[str], start: int) -> tuple[str, int] | None:
    """A glued header whose cells were broken over lines, a name or two a line (绩效指标一级指标 /
    二级指标 / 三级指标 / 指标值二级指标 / …): the lines of column names alone from start joined,
    and the index after them. Some line holds two names glued: one name a line is a cell a line
    (streams.py reads those)."""
    if "指标" not in lines[start] and lines[start + 1 : start + 2] != ["指标"]:
        return None  # the common line, answered in C: an indicator header's first line names a level
    names = _names_line()
    joined, end, done, glued = "", start, start, False
    while end < len(lines) and end - start < _HEADER_LINES:
        text = "".join(lines[end].split())
        if not text or not (len(text) <= _BROKEN_NAME or names.fullmatch(text)):
            break  # a short line may be a name's part (一级 / 指标)
        joined, end = joined + text, end + 1
        glued = glued or len(_header_word().findall(text)) >= 2
        if names.fullmatch(joined):
            done = end
    if done - start < 2 or not glued:
        return None
    return "".join("".join(line.split()) for line in lines[start:done]), done


_HEADER_LINES = 10  # lines a header broken a name a line runs over at most
_BROKEN_NAME = 4  # characters of a column name before its line break (一级 / 指标)


@cache
def _names_line() -> re.Pattern:
    """A line of column names alone (with their notes)."""
    return re.compile(f"(?:{_header_word().pattern}|{_HEADER_NOTE.pattern})+")


def _header_goes_on(header: list[str], line: str) -> list[str] | None:
    """The header's cells with the line's where the line holds only column names: a glued header
    wrapped over lines. Either each name the header's line left unfinished is finished (年度 |
    实际 over 指标值 | 完成值), or, where it left none, the names are more columns (年度指标值 /
    实际完成值 / 分值得分偏差原因分析及改进措施)."""
    more = "".join(line.split())
    if not more or "\t" in line:
        return None
    unfinished = [k for k, cell in enumerate(header) if header_role(cell) is None]
    if unfinished:
        words = _header_word().findall(more)
        finished = _finished(header, unfinished, words) if "".join(words) == more else None
        return finished if finished and header_layout(Row(0, finished)) is not None else None
    found = split_glued("".join(header) + more)
    if found is None or found[1] or found[2].strip() or len(found[0]) <= len(header):
        return None
    return found[0]


def _finished(header: list[str], unfinished: list[int], words: list[str]) -> list[str] | None:
    """The header with each unfinished cell finished by the next words in turn, a cell holding
    two unfinished names where two words finish it (年度实际 over 指标值 | 完成值: 年度指标值 |
    实际完成值); None unless every word finishes a known column name."""
    if not unfinished:
        return list(header) if not words else None
    k, rest = unfinished[0], unfinished[1:]
    cell = header[k]
    stops = sorted({stop for _, _, stop in tokenizer().tokenize(cell)} - {len(cell)})  # cut between words
    for n in range(1, min(len(words), len(stops) + 1) + 1):
        for cuts in combinations(stops, n - 1):
            parts = [cell[a:b] + w for a, b, w in zip((0, *cuts), (*cuts, len(cell)), words)]
            if all(header_role(part) for part in parts) and (after := _finished(header, rest, words[n:])):
                return [*after[:k], *parts, *after[k + 1 :]]
    return None


def _wrapped_row(header: list[str], lines: list[str], at: int) -> tuple[_Split, int] | None:
    """A glued row opening with its category whose cells wrapped onto the lines under line at (a
    cell's text broken as the original printed it): (its split, the index of its last line),
    where the lines joined make one row and the first line alone made none; else None."""
    text = "".join(lines[at].split())
    for last in range(at + 1, min(at + 1 + _WRAPPED_LINES, len(lines))):
        more = "".join(lines[last].split())
        if not more or "\t" in lines[last] or glued_header(more) is not None:
            return None
        if _labels_at(text, 0)[1] == len(text) and _labels_at(more, 0)[0]:
            return None  # a category with no rows (社会成本指标), then a row with labels of its own
        text += more
        split = split_row(header, text)
        if len(split[1]) == 1:
            return _figures_below(header, text, split, lines, last)
    return None


def _figures_below(header: list[str], text: str, split: _Split, lines: list[str], last: int) -> tuple[_Split, int]:
    """A row read to line last, and the lines of figures alone under it that still make it one
    row (长期 / 15: its weight on a line of its own)."""
    for more in lines[last + 1 : last + 1 + _WRAPPED_LINES]:
        more = "".join(more.split())
        if not _FIGURES.fullmatch(more):
            break
        longer = split_row(header, text + more)
        if len(longer[1]) != 1:
            break
        text, split, last = text + more, longer, last + 1
    return split, last


_FIGURES = re.compile(r"[\d.]{1,8}[%分]?")  # a line of a row's figures (weight, score) under its cells


_WRAPPED_LINES = 4  # lines a glued row's wrapped cells run over at most


def _title_dropped(text: str) -> str:
    """A glued row's text without the form's title cell merged down its rows (绩效指标), the
    name of the column its labels stand in."""
    title = _header_word().match(text)
    if title and (header_role(title.group()) or ("",))[0] in ("L1", "L2", "L3"):
        return text[title.end() :]
    return text


def _category_lines(text: str, lines: list[str], at: int) -> tuple[list[str], int] | None:
    """Category labels alone on line at, or wrapped onto the next line (项目完成 / 指标), perhaps
    after the form's title cell merged down its rows (绩效指标): (the labels, the index of their
    last line)."""
    for last in (at, at + 1)[: len(lines) - at]:
        joined = _title_dropped(text + ("".join(lines[last].split()) if last > at else ""))
        labels, end = _labels_at(joined, 0)
        if labels and end == len(joined):
            return labels, last
    return None


# what ends a glued table's rows: a note or sign-off (or the form's 说明 row alone), the next
# form's title (整体绩效目标申报表) or its money unit (…人民法院单位:万元)
_ENDS_BLOCK = re.compile(f"{_END.pattern}|^(?:填报)?说明$|绩效[^,，。]{{0,8}}表$|{UNIT_CAPTION}$")
_REMAINDER = re.compile(r"[-—/／]*(?:定量|定性)?")  # what an empty row prints right of its name
_MAX_BLOCK = 200  # lines: a glued table a row a line is never longer
_ROW_TEXT = 80  # characters: a longer line under a glued table's rows is text, not a row
