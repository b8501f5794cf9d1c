"""Normalising a target value: operator, number, unit, and 定量/定性."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from .vocab import value_words

_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
# Dates the glued reader knows too (glued.py; its text holds no white space for \s* to match).
MONTH_SPAN = r"(?:\d{4}\s*年\s*)?\d{1,2}\s*月?\s*[-—~～至]\s*\d{1,2}\s*月"  # 2021年1-12月
DOTTED_DATE = r"\d{4}\.\d{1,2}\.\d{1,2}(?:\s*[-—~～至]\s*(?:\d{4}\.)?\d{1,2}\.\d{1,2})?"  # 2022.10.31, 2021.1.1-12.31
# a deadline or a period: 2024年9月, 12月31日, and those above
_DATE = re.compile(
    rf"{MONTH_SPAN}|(\d{{4}}\s*年\s*)?\d{{1,2}}\s*月(\s*\d{{1,2}}\s*日)?|\d{{4}}\s*年(?!度)|{DOTTED_DATE}"
)


@dataclass(frozen=True)
class Value:
    op: str  # ≥ ≤ > < = or ""
    num: float | None
    unit: str
    kind: str  # 定量 / 定性 ("" for an empty value)


@cache
def _operators() -> list[tuple[str, str]]:
    ops = value_words()["operators"]
    return sorted(ops.items(), key=lambda kv: -len(kv[0]))


@cache
def operator_pattern() -> re.Pattern:
    """Any operator spelling (≥, >=, 不低于 …), longest first."""
    return re.compile("|".join(re.escape(spelling) for spelling, _ in _operators()))


@cache
def unit_pattern() -> re.Pattern:
    units = value_words()["units"]
    names = sorted(units["names"], key=len, reverse=True)
    one = "(?:" + "|".join(map(re.escape, units["prefixes"])) + ")?(?:" + "|".join(map(re.escape, names)) + ")"
    prefix_only = "|".join(map(re.escape, units["prefixes"]))
    # per what (元/人), per what and how long (元/人·月, 元/人*月), or per what alone (28.40/株)
    per = rf"[/／]{one}(?:[*·×]{one})?"
    return re.compile(rf"(?:{one}(?:{per})*|(?:{per})+|{prefix_only})")


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text)


def leading_operator(text: str) -> tuple[str, str]:
    """Split an operator off the start of text: ('≥', rest) or ('', text)."""
    for spelling, op in _operators():
        if text.startswith(spelling):
            return op, text[len(spelling) :]
    return "", text


@lru_cache(maxsize=1 << 16)  # Value is frozen; targets repeat
def parse_value(raw: str) -> Value:
    text = _clean(raw)
    if not text:
        return Value("", None, "", "")
    op, rest = leading_operator(text)
    if _DATE.search(rest) and not re.match(rf"{_NUMBER}\s*%", rest):
        # 2024年9月, 当年12月31日前完成: a checkable deadline, quantitative but not a number.
        return Value(op, None, "日期", "定量")
    number = re.search(_NUMBER, rest)
    if number is None:
        return Value(op, None, "", "定性")
    num = float(number.group().replace(",", ""))
    after = _range_end(rest[number.end() :])
    unit_match = unit_pattern().match(after)
    unit = unit_match.group() if unit_match else ""
    if not op:
        tail = after[len(unit) :]
        for word, suffix_op in value_words()["suffix_operators"].items():
            if tail.startswith(word):
                op = suffix_op
    return Value(op, num, unit, "定量")


APPROXIMATE = "(?:大约|约为|约)"  # 约12000平方米: a number said to be approximate
_APPROXIMATE = re.compile("^" + APPROXIMATE)


def looks_like_number_value(raw: str) -> bool:
    """A cell that can only be a target value: an operator, or a number with at most a unit."""
    text = _clean(raw)
    if not text:
        return False
    op, rest = leading_operator(text)
    if op and rest and (rest[0].isdigit() or _DATE.match(rest)):
        return True
    if op and rest.startswith(("较", "有所")):
        return True
    date = _DATE.match(rest)
    if date and len(rest) - date.end() <= 3:
        return True
    rest = _APPROXIMATE.sub("", rest, count=1)
    number = re.match(_NUMBER, rest)
    if number is None:
        return False
    after = _range_end(rest[number.end() :])
    unit_match = unit_pattern().match(after)
    tail = after[unit_match.end() :] if unit_match else after
    return len(tail) <= 2 or (unit_match is not None and _UNIT_NAMED.fullmatch(tail) is not None)


@cache
def _deadline() -> re.Pattern:
    verbs = "|".join(map(re.escape, value_words()["deadline"]["verbs"]))
    return re.compile(
        rf"(?:每年|每月|当年|本年|次年)?(?:{_DATE.pattern}|\d{{1,2}}\s*日)(?:底|末|中旬|上旬|下旬)?"
        rf"(?:前|之前|以前|内)?(?:{verbs})*"
    )


def is_deadline(raw: str) -> bool:
    """A whole cell that is a deadline: 每月20日前发放, 2023年12月底前拨付."""
    return _deadline().fullmatch(_clean(raw)) is not None


_RANGE_END = re.compile(rf"\s*[-—~～至]\s*{_NUMBER}")


def _range_end(after: str) -> str:
    """What follows a range's upper bound (3-5个工作日: 个工作日), or after as it is: the range's
    unit is the bound's, and its figure the lower bound."""
    found = _RANGE_END.match(after)
    return after[found.end() :] if found else after


# a unit's name in words after it, where a template prints both (%(百分比))
_UNIT_NAMED = re.compile(r"[(（][\u4e00-\u9fff]{1,6}[)）]")
VALUE_KIND = re.compile(r"(定量|定性)(?:指标)?")  # a value's kind, as a column prints it (定性指标)


def cell_part(raw: str) -> str:
    """What a cell holding only part of a value is: "op" (≥, >=, ﹦), "unit" (%, 万元, 元/亩),
    "kind" (定量, 定性), "bare" (a number alone: a value, a weight or a score), or ""."""
    text = _clean(raw)
    if not text:
        return ""
    op, rest = leading_operator(text)
    if op and not rest:
        return "op"
    if VALUE_KIND.fullmatch(text):
        return "kind"
    if re.fullmatch(r"-?" + _NUMBER, text):
        return "bare"
    unit = unit_pattern().match(text)
    return "unit" if unit and (unit.end() == len(text) or _UNIT_NAMED.fullmatch(text, unit.end())) else ""


def compose_value(op: str, value: str, unit: str) -> str:
    """A value printed in cells of its own (指标性质 | 指标值 | 度量单位) as one: ≥ 95 % -> ≥95%.
    A qualitative value keeps no unit (a template prints % beside 应保尽保)."""
    op, value, unit = op.strip(), value.strip(), unit.strip()
    if not (op or unit):
        return value  # the common case: the value is printed whole
    if op:
        op = leading_operator(_clean(op))[0] or op
    if not value:
        return ""
    if parse_value(value).kind == "定性" or parse_value(value).unit:
        unit = ""
    return f"{op if not leading_operator(_clean(value))[0] else ''}{value}{unit}"


def looks_qualitative(raw: str) -> bool:
    """A short phrase such as 及时, 较上年有所提升, 满意 — a value, not an indicator name."""
    text = _clean(raw)
    words = value_words()["qualitative"]
    if not text or len(text) > 12:
        return False
    bare = re.sub(r"[(（][^()（）]*[)）]$", "", text)  # 游客满意度(≥**%): the name ends before the note
    if bare.removeprefix("程度") in words["grades"]:
        return True  # a grade, the whole cell (较高, 程度较高)
    if any(bare.endswith(e) for e in words["name_endings"]):
        return False
    if any(
        bare.startswith(o) and len(bare) > len(o) + 1 and not re.search(r"\d", bare) for o in words["name_openings"]
    ):
        return False
    return any(w in text for w in words["words"])
