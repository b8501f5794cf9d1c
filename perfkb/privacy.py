"""Masking personal data (names and phone numbers of individuals) in source text shown by the app."""
from __future__ import annotations

import re

PERSON_LABELS = ("项目负责人", "负责人", "联系人", "经办人", "填报人", "审核人", "联系电话", "电话")
_LABEL = re.compile(r"(" + "|".join(PERSON_LABELS) + r")([:：]?)([ \t]?)([^\t\n]*)")
_PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")
MASK = "＊＊＊"


def redact(line: str) -> str:
    """The line with the value after each person/phone label and every phone number masked."""
    line = _LABEL.sub(lambda m: m.group(1) + m.group(2) + m.group(3) + (MASK if m.group(4).strip() else ""), line)
    return _PHONE.sub(MASK, line)
