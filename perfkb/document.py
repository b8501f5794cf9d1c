"""A document's metadata from its own text: department, place, year, title."""

from __future__ import annotations

import re
import warnings
from collections import Counter
from dataclasses import dataclass
from functools import cache

from .rows import clean_cell
from .vocab import form_fields

_PLACE = r"[\u4e00-\u9fa5]{1,8}?(?:省|市|县|区|旗|州|盟)"
_KIND = r"(?:支队|大队|中队|局|委员会|办公室|中心|厅|院|站|馆)"
_HAS_KIND = re.compile(_KIND)
_ORG_SHORT = re.compile(_PLACE + r"[\u4e00-\u9fa5]{0,24}?" + _KIND)
_ORG_LONG = re.compile(_PLACE + r"[\u4e00-\u9fa5]{0,24}" + _KIND)
_ENDS_KIND = re.compile(_KIND + "$")
_YEAR = re.compile(r"(20\d{2})\s*年度?|预算年度[:：]\s*(20\d{2})")
_HEAD_LINES = 40


@dataclass
class DocumentInfo:
    title: str
    department: str
    province: str
    city: str
    county: str
    year: int | None
    kind: str = ""  # set from the tables found (prepare.py)
    format: str = ""
    pages: int | None = None


def _department(lines: list[str], text: str) -> str:
    """The organisation the disclosure is about: the longest name printed nearly as often
    as the most often printed one (公安局 inside 公安局交通管理支队 counts for both)."""
    # A name never spans lines and ends in a kind word: the patterns only need those lines
    # (the same matches, a third of the time).
    named = "\n".join(line for line in lines if _HAS_KIND.search(line))
    found = {m.group() for pattern in (_ORG_SHORT, _ORG_LONG) for m in pattern.finditer(named)}
    candidates = {
        part for name in found for part in form_fields().split(name) if len(part) >= 4 and _ENDS_KIND.search(part)
    }
    if not candidates:
        return ""
    counts = {name: text.count(name) for name in candidates}
    top = max(counts.values())
    # ties go to the name printed later (a form's 实施单位 after its 主管部门), never to set order
    return max((n for n in candidates if counts[n] >= top / 2), key=lambda n: (len(n), counts[n], text.find(n)))


def _year(lines: list[str]) -> int | None:
    head = "\n".join(lines[:_HEAD_LINES])
    years = [int(a or b) for a, b in _YEAR.findall(head)]
    return Counter(years).most_common(1)[0][0] if years else None


@cache
def _gazetteer():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import cpca  # imported lazily: loading its data takes a moment
    return cpca


def locate(department: str) -> tuple[str, str, str]:
    """(province, prefecture-level city, county) of an organisation name, via cpca."""
    if not department:
        return "", "", ""
    # transform() wraps this per-name lookup in a pandas frame, which costs 200 times the
    # lookup (a millisecond a document); cpca is pinned, so its own function is called directly.
    row = _gazetteer()._get_one_addr(department, False, {})

    def text(key: str) -> str:
        value = row.get(key)
        return value if isinstance(value, str) else ""

    province, city, county = text("省"), text("市"), text("区")
    if city in ("县", "市辖区"):
        city = province  # a municipality's districts and counties (重庆市 | 县): the municipality
    if city.endswith("直辖县级行政区划"):
        # 济源市 and the like are county-level cities governed by the province itself.
        city, county = county, ""
    return province, city, county


def _title(lines: list[str], department: str, year: int | None) -> str:
    for line in lines[:_HEAD_LINES]:
        cleaned = clean_cell(line).replace("**", "")
        if "预算" in cleaned and (department[:2] in cleaned or "公开" in cleaned) and len(cleaned) <= 60:
            return cleaned if department in cleaned.replace(" ", "") else department + cleaned
    return f"{department}{year or ''}年部门预算公开"


def document_info(lines: list[str]) -> DocumentInfo:
    text = "\n".join(lines)
    department = _department(lines, text)
    year = _year(lines)
    province, city, county = locate(department)
    return DocumentInfo(_title(lines, department, year), department, province, city, county, year)
