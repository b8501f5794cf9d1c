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


def simplify_lines(lines: list[str]) -> list[str]:
    """The document's lines without injected pinyin, in simplified characters if it is written
    in traditional ones (a simplified document is left as it is: OpenCC's t2s maps a few
    simplified characters too). Changed in place: a document's lines can be large."""
    sample, size = [], 0
    for line in lines:
        if size >= _SAMPLE:
            break
        sample.append(line)
        size += len(line)
    convert = _t2s() if _is_traditional("\n".join(sample)) else None
    for k, line in enumerate(lines):
        if "(" in line or "（" in line:
            line = _PINYIN.sub("", line)
        lines[k] = convert(line) if convert else line
    return lines


def simplify_text(text: str) -> str:
    return "\n".join(simplify_lines(text.split("\n")))
