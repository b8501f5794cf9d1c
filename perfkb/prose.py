"""Targets written as running text under category headings, with no table at all:

    一、产出指标
    (一)数量指标
    设施温棚种植人员(县内培训)≧300人;
    (三)时效指标
    完成时限,2025年10月底前;

or a self-evaluation report's sentences (1、产出数量指标:第一,资助接受托养服务人次数年初指标值为
不低于105人,全年实际完成值116人). A category label opens a line or a sentence; each clause under a
level-2 label that ends in a value (an operator or a number outside brackets, or a value on its
own after the name) is an indicator. Clauses that hold no value are not read.
"""

from __future__ import annotations

import re
from functools import cache

from .cells import QUALITATIVE, VALUE_CLASSES, classify, unclosed
from .extract import clean_name
from .headings import project_above
from .models import Indicator, Project, Row
from .vocab import categories

_MIN_INDICATORS = 2  # fewer valued clauses under labels are prose that happens to name a category
_NUMBERING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[(（][一二三四五六七八九十\d]+[)）][、.．]?|\d+\s*[、.．](?!\d))\s*"
)
_ORDINAL = re.compile(r"^第[一二三四五六七八九十]+$")  # 第一, 第二: an enumeration, not a name
_SENTENCE = re.compile(r"[；;。]")
_PART = re.compile(r"[,，]")
_AFTER_LABEL = re.compile(r"^[\s:：。,，、]*")
# where a value opens: an operator (word or sign) or a digit, outside brackets
_VALUE_START = re.compile(r"不低于|不高于|不少于|不多于|不超过|大于|小于|达到|[≥≤≧≦><=＝﹦]|\d")
# the words that hand a name its target and what it achieved (指标值为 85%, 实际完成值为 100%)
_TARGET_IS = re.compile(r"(?P<stated>(?:年初|年度|全年)?(?:绩效)?(?:指标值|目标值|指标)(?:为|是))|为(?=[^为]*\d)")
_ACHIEVED = re.compile(r"[,，]?\s*(?:全年)?实际完成(?:值|情况)?(?:为|是)?")
# a value runs to the clause's end, but a second name and value glued on after its unit start
# another clause (经费发放率为98%覆盖率及资金到位率均为100%)
_GLUED_NEXT = re.compile(r".*?\d[\d.]*\s*(?:%|[^\d\s\u4e00-\u9fff]*[\u4e00-\u9fff/]{0,3}?)(?=[\u4e00-\u9fff]{3,}.*\d)")
_ACTUAL_LED = ("实际", "全年实际")
_NUMBER_LED = re.compile(r"^\d[\d.]*\s*[\u4e00-\u9fff]{3,}.*\d")
_LABEL_LENGTH = 12
_TITLE = re.compile(r"绩效(?:目标|自评)|公告公示|项目|资金|经费")
_TITLE_MARKS = re.compile(r"[。，,；;:：>]")
_TITLE_LENGTH = 40
_IDLE_LINES = 1  # a clause without a value may stand between labels; two such lines end the text


@cache
def _may_open_with_label() -> re.Pattern:
    """A cheap test before the label search (every line of prose is asked): a label's last two
    characters near the line's start."""
    cats = categories()
    endings = {label[-2:] for label in (*cats.level1_std, *cats.level2)} | {"目标"}
    return re.compile(rf"^.{{0,{_LABEL_LENGTH + 4}}}?(?:" + "|".join(map(re.escape, sorted(endings))) + ")")


def opens_with_label(text: str) -> bool:
    return bool(_may_open_with_label().match(text)) and _label_at(text) is not None


def _label_at(text: str) -> tuple[str, str] | None:
    """(label, the text after it) where text opens with a category label (numbering dropped):
    a label the vocabulary knows, 目标 for 指标, or a level 1 run into a level 2 (产出数量指标)."""
    cats = categories()
    text = _NUMBERING.sub("", text)
    for n in range(min(len(text), _LABEL_LENGTH), 1, -1):
        head = text[:n]
        spelled = head[:-2] + "指标" if head.endswith("目标") else head
        rest = text[n:]
        # a heading names a whole category (数量指标, not 数量 or 其他, words of any sentence)
        if spelled.endswith("指标") and (cats.is_label(spelled) or _fused(spelled)):
            return spelled, _AFTER_LABEL.sub("", rest)
    return None


def _fused(label: str) -> tuple[str, str] | None:
    """(level 1, level 2) of a level 1 run into a level 2: 产出数量指标 -> 产出指标, 数量指标."""
    cats = categories()
    return next(
        (
            (label[:k] + "指标", label[k:])
            for k in range(2, len(label) - 3)
            if cats.is_level1(label[:k] + "指标") and cats.is_level2(label[k:])
        ),
        None,
    )


def _outside_brackets(text: str, found: re.Match) -> bool:
    return not unclosed(text[: found.start()])


Clause = tuple[str, str, str, bool]  # name, value, actual, whether the text says the value is the target


def _split_clause(part: str) -> Clause:
    """A clause's name, value, actual and whether it states its value as the target; the name
    alone where it holds no value, the value alone where it is nothing else."""
    achieved = _ACHIEVED.search(part)
    actual = part[achieved.end() :].strip() if achieved else ""
    part = part[: achieved.start()] if achieved else part
    target = next((m for m in _TARGET_IS.finditer(part) if _outside_brackets(part, m)), None)
    if target is not None and target.start() >= 2:
        return part[: target.start()].strip(), part[target.end() :].strip(), actual, bool(target.group("stated"))
    start = next((m for m in _VALUE_START.finditer(part) if _outside_brackets(part, m)), None)
    if start is None:
        return ("", part, actual, False) if classify(part) == QUALITATIVE else (part, "", actual, False)
    return part[: start.start()].strip(), part[start.start() :].strip(), actual, False


def _clauses(text: str) -> list[Clause]:
    """The clauses of a sentence: a value alone goes to the name before it,
    a name alone before a named value is the start of that name (其中, 黄金蜜种植数量(≥**株)>=17600株)."""
    out: list[Clause] = []
    pending = ""
    parts = [p.strip() for p in _PART.split(text) if p.strip()]
    while parts:
        part = parts.pop(0)
        if _NUMBER_LED.match(part):
            continue  # 404名服务对象发放补助金2126.81万元: a count opening a sentence of prose
        achieved = _ACHIEVED.search(part)
        if achieved and achieved.start() == 0 and out:
            out[-1] = (*out[-1][:2], part[achieved.end() :].strip(), out[-1][3])  # ,全年实际完成值116人
            continue
        if part.startswith(_ACTUAL_LED) and out:
            out[-1] = (*out[-1][:2], _split_clause(part)[1], out[-1][3])  # ,实际布防6架: what the last achieved
            continue
        glued = _GLUED_NEXT.match(part, achieved.end() if achieved else 0)
        if glued and glued.end() < len(part):
            parts.insert(0, part[glued.end() :])  # 实际完成值为100%义务兵家庭优待金…: the next clause
            part = part[: glued.end()]
        name, value, actual, stated = _split_clause(part)
        if _ORDINAL.match(name):
            continue
        if value and not name:
            if pending:
                out.append((pending, value, actual, stated))
            pending = ""
        elif value:
            out.append((f"{pending},{name}" if pending else name, value, actual, stated))
            pending = ""
        else:
            pending = name
    return out


# Prose is punctuated or says 指标为; a glued table's line is neither (its labels and values run
# together, and its value runs into the score after it: 达到目标值95%10): the glued-table reader's.
_PUNCTUATED = re.compile(r"[,，;；。]")
_SCORE_GLUED = re.compile(r"%\d")


def _is_prose(line: str) -> bool:
    """Punctuated, or saying which figure is the target (成本指标国家规定标准发放指标为100%)."""
    return bool(_PUNCTUATED.search(line)) or any(m.group("stated") for m in _TARGET_IS.finditer(line))


def _is_value(text: str) -> bool:
    return classify(text) in VALUE_CLASSES and not _SCORE_GLUED.search(text)


def parse_prose(rows: list[Row | None], i: int, context: list[Row]) -> tuple[Project, int] | None:
    """The project whose prose targets start at rows[i] (a line opening with a category label),
    and the index after them; None unless they hold two valued clauses at least."""
    cats = categories()
    level1 = level2 = ""
    indicators: list[tuple[Indicator, bool]] = []
    end = k = i
    idle = 0  # lines read since the last one holding a label or an indicator
    while k < len(rows):
        row = rows[k]
        k += 1
        if row is None:
            continue
        if len(row.cells) != 1:
            break
        found_here = 0
        for sentence in _SENTENCE.split(row.cells[0]):
            while (label := _label_at(sentence.strip())) is not None:  # 效益指标:经济效益指标:…
                text, sentence = label
                if cats.is_level2(text) and (not cats.is_level1(text) or cats.fits(level1, text)):
                    level2 = text
                elif cats.is_level1(text):
                    level1, level2 = text, ""
                else:
                    level1, level2 = _fused(text) or (level1, text)
                found_here += 1
            if not (level1 or level2):
                continue
            for name, value, actual, stated in _clauses(sentence) if _is_prose(row.cells[0]) else ():
                if clean_name(name) and _is_value(value):
                    found = Indicator(level1, level2, clean_name(name), value, actual=actual, source_line=row.line)
                    indicators.append((found, stated))
                    found_here += 1
        if found_here:
            end, idle = k, 0
        elif (idle := idle + 1) > _IDLE_LINES:
            break
    # a report that says which figure is the target (年初指标值为 85%) gives achievements without
    # saying so (经费发放率为98%): those are not targets
    if any(stated for _, stated in indicators):
        indicators = [(found, stated) for found, stated in indicators if stated]
    if len(indicators) < _MIN_INDICATORS:
        return None
    project = project_above(context, rows[i].line)
    name = project.name
    if len(name) > _TITLE_LENGTH or _TITLE_MARKS.search(name) or _NUMBERING.match(name):
        # the line above the targets is a sentence or a numbered section (根据《…》…, (四)绩效指标
        # 完成情况分析): the page's title names the project (…2023年度绩效自评报告, …项目绩效目标设定)
        texts = (text.strip() for row in context for cell in row.cells for text in cell.split("|"))
        project.name = next(
            (t for t in texts if 4 <= len(t) <= _TITLE_LENGTH and _TITLE.search(t) and not _TITLE_MARKS.search(t)),
            project.name,
        )
    project.indicators = [found for found, _ in indicators]
    return project, end
