"""Text as mirror sites leave it: traditional characters (stored simplified, so that search and
similarity work) and pinyin injected after characters (指標(biāo) -> 指标)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]+[)）]")
_SAMPLE = 20_000  # characters looked at to tell a traditional-character document
_TRADITIONAL_SHARE = 0.01  # of its CJK characters that the conversion changes


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s").convert


def _is_traditional(text: str) -> bool:
    sample = text[:_SAMPLE]
    cjk = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    if not cjk:
        return False
    changed = sum(a != b for a, b in zip(sample, _t2s()(sample)))
    return changed >= max(3, cjk * _TRADITIONAL_SHARE)


def simplifier(lines: list[str]) -> Callable[[str], str]:
    """What turns this document's text into what is stored: injected pinyin dropped, and
    traditional characters simplified if the document is written in them (a simplified
    document is left as it is: OpenCC's t2s maps a few simplified characters too)."""
    sample, size = [], 0
    for line in lines:
        if size >= _SAMPLE:
            break
        sample.append(line)
        size += len(line)
    convert = _t2s() if _is_traditional("\n".join(sample)) else None

    def simplify(text: str) -> str:
        if "(" in text or "（" in text:
            text = _PINYIN.sub("", text)
        return convert(text) if convert else text

    return simplify


def simplify_lines(lines: list[str]) -> list[str]:
    """The lines simplified (simplifier), in place: a document's lines can be large."""
    simplify = simplifier(lines)
    for k, line in enumerate(lines):
        lines[k] = simplify(line)
    return lines


def simplify_text(text: str) -> str:
    return "\n".join(simplify_lines(text.split("\n")))
