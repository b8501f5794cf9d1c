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
from dataclasses import dataclass
from functools import cache

from .cells import BARE, NUMBER, QUALITATIVE, VALUE_CLASSES, classify, unclosed
from .extract import clean_name, siblings
from .glued import glued_value
from .headings import project_above
from .models import Indicator, Problem, Project, Row
from .tables import at_excerpt_end, header_role
from .values import APPROXIMATE, is_deadline
from .vocab import POINTS, TEMPLATE_NUMBER, categories

_MIN_INDICATORS = 2  # fewer valued clauses under labels are prose that happens to name a category
_SECTION = r"(?:[一二三四五六七八九十]+\s*[、.．]|[(（][一二三四五六七八九十\d]+[)）][、.．]?|\d+\s*[、.．](?!\d))"
_NUMBERING = re.compile(rf"^\s*{_SECTION}\s*")  # 一、 (二) 3. before a heading
_COUNTED = re.compile(r"^(?:设置?|共设)?\s*\d+\s*[条个项]")  # 设 1条质量指标: how many indicators a category has
_ORDINAL = re.compile(r"^第[一二三四五六七八九十]+$")  # 第一, 第二: an enumeration, not a name
_ITEM = re.compile(r"^\s*(?:\d+[)）]|[(（]\d+[)）]|\d+\s*[、.．](?!\d)|[\u2460-\u2473])\s*")  # 1) (1) 1. ①: no name
_SENTENCE = re.compile(r"[；;。]")
_PART = re.compile(r"[,，]")
_AFTER_LABEL = re.compile(rf"^(?:\s*{POINTS})?[\s:：。,，、]*")  # a printed weight (30分) is no name
# where a value opens: an operator (word or sign) or a digit, outside brackets
_VALUE_START = re.compile(
    rf"定[性量](?=\S)|不低于|不高于|不少于|不多于|不超过|大于|小于|达到|每月(?=\d)|{APPROXIMATE}(?=\d)|[≥≤≧≦><=＝﹦]|\d"
)
_KIND_WORD = re.compile(r"^定[性量]")  # 维护单位日常运转定性有效: the value's kind between name and value
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


# A list of targets under no category (绩效目标:道路硬化≥0.565km;验收合格率≥100%, or 指标1:…;
# 指标2:…): its clauses are read as under a label, with no level 1 or 2.
_TARGET_LIST = re.compile(rf"^\s*{_SECTION}?\s*绩效(?:目标|指标)[:：]|指标\s*\d+\s*[:：]")


# A heading alone over a paragraph of targets (四、绩效目标 / 全区…发生面积2.06万亩,发生率8.06%;…).
_TARGET_HEADING = re.compile(rf"^\s*{_SECTION}?\s*(?:年度)?绩效(?:目标|指标)\s*[:：]?\s*$")
_DENSE = 0.6  # share of a sentence's clauses that must be a name and a figure, under such a heading


# A line that says which figure is an indicator's target (…:指标值为“100%”, …,年初目标值≥90%).
_STATES_TARGET = re.compile(r"(?:指标值|目标值)\s*(?:为|是|[“\"≥≤≧≦><=＝﹦]|\d)")


def opens_targets(text: str) -> bool:
    """A line opening prose targets: a category label, a list of targets, or a line saying
    which figure is a target."""
    if _may_open_with_label().match(text) and _label_at(text) is not None:
        return True
    return "标" in text and bool(  # what each of the others spells (指标, 目标)
        _TARGET_LIST.search(text) or _STATES_TARGET.search(text) or _TARGET_HEADING.match(text)
    )


def _label_at(text: str) -> tuple[str, str] | None:
    """(label, the text after it) where text opens with a category label (numbering dropped):
    a label the vocabulary knows, 目标 for 指标, or a level 1 run into a level 2 (产出数量指标)."""
    cats = categories()
    text = _COUNTED.sub("", _NUMBERING.sub("", text))
    for n in range(min(len(text), _LABEL_LENGTH), 1, -1):
        head = text[:n]
        spelled = head[:-2] + "指标" if head.endswith("目标") else head
        rest = text[n:]
        # a heading names a whole category (数量指标, not 数量 or 其他, words of any sentence)
        if spelled.endswith("指标") and (cats.is_label(spelled) or _fused(spelled)):
            # as printed where the vocabulary knows that spelling (数量目标), so that level2 is the text's
            return (head if cats.is_label(head) else spelled), _AFTER_LABEL.sub("", rest)
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


@dataclass
class Clause:
    name: str
    value: str
    actual: str = ""
    stated: bool = False  # the text says the value is the target (指标值为, 目标值200)
    weight: str = ""
    score: str = ""
    introduced: bool = False  # the text introduces the value (资助标准为…): any short figure is one


_QUOTES = "“”\"'「」"  # 指标值为“100%”: the value is quoted


def _split_clause(part: str) -> Clause:
    """A clause's name, value, actual and whether it states its value as the target; the name
    alone where it holds no value, the value alone where it is nothing else."""
    achieved = _ACHIEVED.search(part)
    actual = part[achieved.end() :].strip() if achieved else ""
    part = part[: achieved.start()] if achieved else part
    target = next((m for m in _TARGET_IS.finditer(part) if _outside_brackets(part, m)), None)
    if target is not None and target.start() >= 2:
        name, value = part[: target.start()].strip().rstrip(":："), part[target.end() :].strip().strip(_QUOTES)
        return Clause(name, value, actual, bool(target.group("stated")), introduced=True)
    start = next((m for m in _VALUE_START.finditer(part) if _outside_brackets(part, m)), None)
    if start is None:
        return Clause("", part, actual) if classify(part) == QUALITATIVE else Clause(part, "", actual)
    return Clause(part[: start.start()].strip(), _KIND_WORD.sub("", part[start.start() :].strip()), actual)


# A clause that is a column's name and its figure (目标值200, 完成值200, 分值10, 得分10: a table row
# written out as a sentence) gives the indicator named before it that column.
_FIELDS = {"V": "value", "ACTUAL": "actual", "WEIGHT": "weight", "SCORE": "score"}
_FIELD_NAME = 6  # characters: the longest column name looked for
_FIELD_SEP = re.compile(r"^(?:为|是|[:：])?\s*")


def _field(part: str) -> tuple[str, str] | None:
    """(Clause attribute, figure) where the part is a column's name and a value."""
    for n in range(min(_FIELD_NAME, len(part) - 1), 1, -1):
        hit = header_role(part[:n])
        if hit is not None and hit[0] in _FIELDS:
            figure = _FIELD_SEP.sub("", part[n:])
            return (_FIELDS[hit[0]], figure) if figure and classify(figure) in VALUE_CLASSES else None
    return None


_PROSE_AFTER = re.compile(r"[\u4e00-\u9fff]{4,}")


def _without_prose_after(value: str) -> str:
    """A value without the sentence its unit runs into (≥23人改善村基础设施 -> ≥23人)."""
    found = glued_value().match(value)
    return value[: found.end()] if found and _PROSE_AFTER.fullmatch(value[found.end() :]) else value


def _clauses(text: str) -> list[Clause]:
    """The clauses of a sentence: a value alone goes to the name before it,
    a name alone before a named value is the start of that name (其中, 黄金蜜种植数量(≥**株)>=17600株)."""
    out: list[Clause] = []
    pending = ""
    parts = [p.strip() for p in _PART.split(text) if p.strip()]
    while parts:
        part = TEMPLATE_NUMBER.sub("", _ITEM.sub("", parts.pop(0)))
        if _NUMBER_LED.match(part):
            continue  # 404名服务对象发放补助金2126.81万元: a count opening a sentence of prose
        if (field := _field(part)) is not None:
            attr, figure = field
            if attr == "value" and pending:
                out.append(Clause(pending, figure, stated=True))
                pending = ""
            elif attr != "value" and out and not getattr(out[-1], attr):
                setattr(out[-1], attr, figure)
            continue
        achieved = _ACHIEVED.search(part)
        if achieved and achieved.start() == 0 and out:
            out[-1].actual = part[achieved.end() :].strip()  # ,全年实际完成值116人
            continue
        if part.startswith(_ACTUAL_LED) and out:
            out[-1].actual = _split_clause(part).value  # ,实际布防6架: what the last achieved
            continue
        glued = _GLUED_NEXT.match(part, achieved.end() if achieved else 0)
        if glued and glued.end() < len(part):
            parts.insert(0, part[glued.end() :])  # 实际完成值为100%义务兵家庭优待金…: the next clause
            part = part[: glued.end()]
        clause = _split_clause(part)
        if _ORDINAL.match(clause.name):
            continue
        clause.value = _without_prose_after(clause.value)
        if clause.value and not clause.name:
            if pending:
                clause.name = pending
                out.append(clause)
            pending = ""
        elif clause.value:
            clause.name = f"{pending},{clause.name}" if pending else clause.name
            out.append(clause)
            pending = ""
        else:
            pending = clause.name
    return out


# Prose is punctuated or says 指标为; a glued table's line is neither (its labels and values run
# together, and its value runs into the score after it: 达到目标值95%10): the glued-table reader's.
_PUNCTUATED = re.compile(r"[,，;；。]")
_SCORE_GLUED = re.compile(r"%\d")


def _is_prose(line: str) -> bool:
    """Punctuated, or saying which figure is the target (成本指标国家规定标准发放指标为100%)."""
    return bool(_PUNCTUATED.search(line)) or any(m.group("stated") for m in _TARGET_IS.finditer(line))


_INTRODUCED_LENGTH = 30  # characters: an introduced figure longer than this is a sentence


def _introduced_figure(clause: Clause) -> bool:
    """A value the text introduces (为, 是) that holds a figure, though no single value pattern
    reads it (每生每年3000元、2000元、1000元3个档次)."""
    return clause.introduced and len(clause.value) <= _INTRODUCED_LENGTH and re.search(r"\d", clause.value) is not None


def _is_value(text: str) -> bool:
    return classify(text) in VALUE_CLASSES and not _SCORE_GLUED.search(text)


def _levels_after(label: str, level1: str, level2: str) -> tuple[str, str]:
    """The level 1 and 2 of what follows a category label: a label of either level is a level 2
    under a level 1 that takes it, or after a level 2 beside which it sits (时效目标, 成本目标)."""
    cats = categories()
    if cats.is_level2(label) and (
        not cats.is_level1(label) or cats.fits(level1, label) or (level2 and siblings(cats, level2, label))
    ):
        return level1, label
    if cats.is_level1(label):
        return label, ""
    return _fused(label) or (level1, label)


def _sentence_targets(sentence: str, labelled: bool, listed: bool, stating: bool, headed: bool) -> list[Clause]:
    """The clauses of a sentence that may be targets. Under a category label, all of them.
    Under none: on a line that says which figure is the target (指标值为“100%”, 年初目标值≥90%),
    the clauses that say so; in a list (绩效目标: or 指标N: then items), each sentence's first
    clause where it is a name and a figure, what follows being prose (…≥23人改善村基础设施,促进
    经济发展); under a heading alone (四、绩效目标), the clauses that are a name and a figure
    where most of the sentence's are (发生面积2.06万亩,发生率8.06%); else none."""
    if labelled:
        return _clauses(sentence)
    if stating:
        # a name is the clause's own text: an unvalued clause before it is the report's wording
        # (产出目标完成情况(1), 时效目标:…绩效目标值是…), not the start of the name
        stated = [clause for clause in _clauses(sentence) if clause.stated]
        for clause in stated:
            clause.name = _PART.split(clause.name)[-1]
        return stated
    if headed and not listed:
        parts = [p.strip() for p in _PART.split(sentence) if p.strip()]
        figures = [
            c[0]
            for part, c in zip(parts, map(_clauses, parts))
            if len(c) == 1 and classify(c[0].value) in (NUMBER, BARE) and part.endswith(c[0].value)
        ]  # a figure closing its clause (not 完成19.699万亩病枯死亡松林面积的清理)
        return figures if len(figures) >= min(2, len(parts)) and len(figures) >= _DENSE * len(parts) else []
    if not listed:
        return []
    opened = _TARGET_LIST.search(sentence)
    clauses = _clauses(_PART.split(sentence[opened.end() :] if opened else sentence)[0])
    # a figure, or a deadline (工资 | 每月20日前发放)
    figure = len(clauses) == 1 and (classify(clauses[0].value) in (NUMBER, BARE) or is_deadline(clauses[0].value))
    return clauses if figure else []


_WRAP_WIDTH = 20  # characters: a shorter line ending without punctuation is a heading, not a wrap
_ENDS_CLAUSE = re.compile(r"[，,。；;：:！!？?、)）】]\s*$")


def _wrapped(text: str, following: str) -> bool:
    """A line of a paragraph hard-wrapped mid-sentence: long, ending without punctuation, and the
    line after it opening no numbered item or category (4.成本指标…)."""
    return (
        len(text) >= _WRAP_WIDTH
        and not _ENDS_CLAUSE.search(text)
        and not (_NUMBERING.match(following) or _ITEM.match(following) or _label_at(following))
    )


def _cut_on_figure(text: str, line: int, last: Indicator, rest: list[Row | None]) -> bool:
    """The text (from the given line) is the document's last, nothing in the rest after it, and it
    ends on the last target's value, a digit."""
    text = text.rstrip()
    return last.source_line == line and text[-1:].isdigit() and text.endswith(last.value) and at_excerpt_end(rest, 0)


def parse_prose(
    rows: list[Row | None], i: int, context: list[Row], problems: list[Problem]
) -> tuple[Project, int] | None:
    """The project whose prose targets start at rows[i] (a line that opens_targets), and the
    index after them; None unless they hold two valued clauses at least. A target cut by the
    document's end is recorded in problems."""
    level1 = level2 = ""
    indicators: list[tuple[Indicator, bool]] = []
    end = k = i
    idle = 0  # lines read since the last one holding a label or an indicator
    headed = False  # under a heading alone (四、绩效目标)
    while k < len(rows):
        row = rows[k]
        k += 1
        if row is None:
            continue
        if len(row.cells) != 1:
            break
        text, line = row.cells[0], row.line
        while k < len(rows) and rows[k] is not None and len(rows[k].cells) == 1 and _wrapped(text, rows[k].cells[0]):
            text, k = text + rows[k].cells[0].strip(), k + 1  # a paragraph hard-wrapped mid-sentence
        found_here = 0
        listed, stating = bool(_TARGET_LIST.search(text)), bool(_STATES_TARGET.search(text))
        if _TARGET_HEADING.match(text):
            headed, found_here = True, 1
        for sentence in _SENTENCE.split(text):
            while (label := _label_at(sentence.strip())) is not None:  # 效益指标:经济效益指标:…
                label_text, sentence = label
                level1, level2 = _levels_after(label_text, level1, level2)
                found_here += 1
            for clause in (
                _sentence_targets(sentence, bool(level1 or level2), listed, stating, headed) if _is_prose(text) else ()
            ):
                while (label := _label_at(clause.name)) is not None:  # (2)成本目标:项目资金投入绩效目标值是…
                    level1, level2 = _levels_after(label[0], level1, level2)
                    clause.name = label[1]
                if clean_name(clause.name) and (_is_value(clause.value) or _introduced_figure(clause)):
                    found = Indicator(
                        level1,
                        level2,
                        clean_name(clause.name),
                        clause.value,
                        actual=clause.actual,
                        weight=clause.weight,
                        score=clause.score,
                        source_line=line,
                    )
                    indicators.append((found, clause.stated))
                    found_here += 1
        if indicators and _cut_on_figure(text, line, indicators[-1][0], rows[k:]):
            # the document ends on this line's last figure: it may be cut (印刷品投放数量5000 of
            # 5000份), so that target is recorded, not kept
            cut = indicators.pop()[0]
            problems.append(
                Problem(
                    row.line,
                    "truncated",
                    "document ends inside prose targets on a figure that may be cut: not kept",
                    f"{cut.level3} {cut.value}",
                )
            )
        if found_here:
            end, idle = k, 0
        elif (idle := idle + 1) > _IDLE_LINES or (indicators and _NUMBERING.match(text)):
            break  # two lines without targets, or the next numbered section (2.部门绩效评价结果。)
    # a report that says which figure is the target (年初指标值为 85%) gives achievements without
    # saying so (经费发放率为98%): those are not targets
    if any(stated for _, stated in indicators):
        indicators = [(found, stated) for found, stated in indicators if stated]
    if len(indicators) < _MIN_INDICATORS:
        return None
    if _TARGET_HEADING.match(rows[i].cells[0]):
        context = [*context, rows[i]]  # the heading the targets start under is above them
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
