"""Classifying a cell by what it contains: a category label, a target value, or text."""

from __future__ import annotations

import re
from functools import lru_cache

from .values import cell_part, is_deadline, looks_like_number_value, looks_qualitative
from .vocab import TEMPLATE_NUMBER, categories, value_words

LEVEL1, LEVEL2, NUMBER, QUALITATIVE, TEXT = "l1", "l2", "num", "qual", "text"
# Cells holding part of a value (values.cell_part): a number alone, an operator, a unit, 定量/定性.
BARE, OPERATOR, UNIT, KIND = "bare", "op", "unit", "kind"
DIRECTION = "dir"  # 正向 / 反向: which way an indicator is good
VALUE_CLASSES = frozenset((NUMBER, QUALITATIVE, BARE))  # what a target value cell may be


# How a description, a target's basis or a scoring rule reads (反映…, 根据《…》, 计划标准, …扣分):
# what a short text after a row's value must look like to be that row's cell, not the next row's name.
_BASIS = re.compile(
    r"^(?:反映|考察|衡量|体现|用于|该指标|根据|按照|依据|参照)|[《》]|扣分|得分|计分|(?:标准|规定|要求|文件|依据|计划)$"
)


def reads_as_basis(text: str) -> bool:
    return _BASIS.search(text) is not None


def unclosed(text: str) -> bool:
    """More brackets opened than closed: the text stops inside a bracket."""
    return text.count("(") + text.count("（") > text.count(")") + text.count("）")


@lru_cache(maxsize=1 << 16)  # cells repeat across rows and tables
def classify(text: str, next_text: str = "") -> str:
    cats = categories()
    is1, is2 = cats.is_level1(text), cats.is_level2(text)
    if is1 and is2:
        # 成本指标 is a level-1 category since 2021 and a level-2 one before: it heads its
        # own level-2 labels (经济成本指标) only when one follows it.
        # The same holds for 产出指标/效益指标 under 实施效果指标: a level-2 label is followed by a
        # name, so one followed by a label of either level is level 1 itself (产出指标 | 经济成本指标
        # as a form prints it, though the framework puts 经济成本指标 under 成本指标).
        # (a label of four characters or more: a short one, 成本, is a name as often)
        if next_text and (
            cats.fits(text, next_text)
            or cats.is_level1(next_text)
            or (len(next_text) >= 4 and cats.is_level2(next_text))
        ):
            return LEVEL1
        return LEVEL2
    if is1:
        return LEVEL1
    if is2:
        return LEVEL2
    part = cell_part(text)
    if part:
        return part
    if text.strip() in value_words()["direction"]["words"]:
        return DIRECTION
    if TEMPLATE_NUMBER.match(text):
        return TEXT  # a template's numbering opens a name, whatever it reads as (指标1:工程质量合格)
    if looks_like_number_value(text):
        return NUMBER
    if looks_qualitative(text) or is_deadline(text):
        return QUALITATIVE
    return TEXT


def classify_row(filled: list[tuple[int, str]]) -> list[str]:
    return [classify(text, filled[i + 1][1] if i + 1 < len(filled) else "") for i, (_, text) in enumerate(filled)]
