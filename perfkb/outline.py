"""Indicator trees printed a label a line, without a table's columns (a 批复表 as a web page):

    产出指标
      数量指标(必填硬性指标)
        疫苗使用率
        100%

A level-1 label, its level-2 labels, and under each the indicators, a name on one line and its
value on the next. The project is the name printed above the tree.
"""

from __future__ import annotations

from .cells import LEVEL1, LEVEL2, QUALITATIVE, TEXT, VALUE_CLASSES, classify
from .extract import clean_name, without_instruction
from .headings import project_above
from .models import Indicator, Project, Row
from .streams import one_cell_rows
from .vocab import categories

_MIN_INDICATORS = 2  # fewer name/value pairs under labels are no tree
_NAMES = (TEXT, QUALITATIVE, LEVEL1, LEVEL2)  # a name may be a label's words (服务对象满意度)


def parse_outline(rows: list[Row | None], i: int, context: list[Row]) -> tuple[Project, int] | None:
    """The project whose tree starts at rows[i] (a level-1 label), and the index after it; None
    if no tree starts there."""
    cats = categories()
    texts = [(k, rows[k]) for k in one_cell_rows(rows, i, len(rows))]
    level1 = level2 = ""
    indicators: list[Indicator] = []
    end = i
    k = 0
    while k < len(texts):
        at, row = texts[k]
        text = without_instruction(row.cells[0])
        following = texts[k + 1][1].cells[0] if k + 1 < len(texts) else ""
        labelled = (
            classify(following) not in VALUE_CLASSES
        )  # a label has no value under it (服务对象满意度 | ≥90% is a name)
        if labelled and cats.is_level1(text) and (not level1 or not cats.is_level2(text) or cats.fits(text, following)):
            level1, level2 = text, ""
        elif labelled and cats.is_level2(text) and level1:
            level2 = text
        elif level2 and not labelled and classify(text) in _NAMES:
            if clean_name(text):
                indicators.append(Indicator(level1, level2, clean_name(text), value=following, source_line=row.line))
            k += 1
            at = texts[k][0]
        else:
            break
        end = at + 1
        k += 1
    if len(indicators) < _MIN_INDICATORS:
        return None
    project = project_above(context, rows[i].line)
    project.indicators = indicators
    return project, end
