"""Personal data printed in disclosures (the names after 负责人/联系人/经办人…, phone numbers):
removed from everything the builder stores and masked in the source text the app shows. One
function for both, over the sign-off vocabulary the table walk also uses (vocab/headers.toml)."""

from __future__ import annotations

import re
import tomllib
from functools import cache

from .vocab import VOCAB_DIR

MASK = "＊＊＊"
# Mobile numbers with or without +86, spaces or dashes (138 2222 3333, +8613844445555,
# 138-4444-5555) and landlines with an area code ((0372)5555555, 0372-1234567, 0372 3333333).
# Digits inside a code (13010024P00971210126E) are no phone: letters and digits around it rule it out.
_PHONE = re.compile(
    r"(?<![\dA-Za-z.])(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?![\dA-Za-z])"
    r"|(?<![\dA-Za-z.])(?:[(（]0\d{2,3}[)）]|0\d{2,3})[\s-]?\d{7,8}(?![\dA-Za-z])"
)


@cache
def _label() -> re.Pattern:
    """A person label (spaced out or not) and what follows it up to the next field: the name."""
    words = tomllib.loads((VOCAB_DIR / "headers.toml").read_text(encoding="utf-8"))["signature"]["labels"]
    people = sorted((w for w in words if "日期" not in w), key=len, reverse=True)
    spaced = "|".join(r"[ \t]*".join(map(re.escape, w)) for w in people)
    # the value: after a colon (or white space, where the name is in the next cell), up to a
    # delimiter; a label inside a longer word (负责人员培训覆盖率) has neither and is left alone
    return re.compile(rf"({spaced})([ \t]*[:：][ \t\n]*|[ \t\n]+)([^\t\n，,;；、。()（）:：]+)")


# A cheap test first (most cells hold nothing personal): a long digit run, or the first two
# characters of a person label, spaced out or not.
_MAYBE = re.compile(
    r"\d{7}|\d{3}[\s-]\d{4}|负\s*责|联\s*系|经\s*办|填\s*[报表]|制\s*表|审\s*核|复\s*核|分\s*管|电\s*话"
)


def might_be_personal(text: str) -> bool:
    """False where redact would surely leave the text as it is (a cheap test)."""
    return _MAYBE.search(text) is not None


def redact(text: str | None) -> str | None:
    """The text with the name after each person label and every phone number masked."""
    if not text or not _MAYBE.search(text):
        return text
    if "\x00" in text:
        text = text.replace("\x00", "")  # UTF-16 read as bytes: the digits were split by NULs
    text = _label().sub(lambda m: m.group(1) + m.group(2) + (MASK if m.group(3).strip() else m.group(3)), text)
    return _PHONE.sub(MASK, text)
