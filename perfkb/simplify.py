"""Text as mirror sites leave it: traditional characters (stored simplified, so that search and
similarity work) and pinyin injected after characters (指標(biāo) -> 指标)."""
from __future__ import annotations

import re
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


def simplify_text(text: str) -> str:
    """The document's text without injected pinyin, in simplified characters if it is
    written in traditional ones (a simplified document is left as it is: OpenCC's t2s maps a
    few simplified characters too)."""
    if "(" in text or "（" in text:
        text = _PINYIN.sub("", text)
    return _t2s()(text) if _is_traditional(text) else text
