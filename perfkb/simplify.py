"""Text as mirror sites leave it: traditional characters (stored simplified, so that search and
similarity work), pinyin injected after characters (指標(biāo) -> 指标), and radicals a PDF's
fonts print in place of characters (项⽬ -> 项目)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache
from operator import ne

from .vocab import VOCAB_DIR

_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]+[)）]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SAMPLE = 3_000  # characters looked at to tell a traditional-character document (a mirror converts it all)
_TRADITIONAL_SHARE = 0.01  # of its CJK characters that the conversion changes


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s").convert


def _is_traditional(text: str) -> bool:
    sample = text[:_SAMPLE]
    converted = _t2s()(sample)
    if converted == sample:
        return False  # the common case, decided without counting
    cjk = len(_CJK.findall(sample))
    changed = sum(map(ne, sample, converted))
    return cjk > 0 and changed >= max(3, cjk * _TRADITIONAL_SHARE)


def _converter(lines: list[str]) -> Callable[[str], str] | None:
    """OpenCC's t2s if the document is written in traditional characters, else None."""
    sample, size = [], 0
    for line in lines:
        if size >= _SAMPLE:
            break
        sample.append(line)
        size += len(line)
    return _t2s() if _is_traditional("\n".join(sample)) else None


def _simplified(text: str, convert: Callable[[str], str] | None) -> str:
    if "(" in text or "（" in text:
        text = _PINYIN.sub("", text)
    if _RADICAL.search(text):
        text = text.translate(_radicals())
    return convert(text) if convert else text


_RADICAL = re.compile("[\u2e80-\u2fdf]")


@cache
def _radicals() -> dict[int, str]:
    """Radicals a PDF's fonts print for characters (项⽬, ⻓期) -> the characters: the Kangxi
    block by NFKC, the supplement by the Unicode table kept in vocab/radicals.txt."""
    table = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0x2F00, 0x2FD6)}
    for line in (VOCAB_DIR / "radicals.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            codes, ideograph = (part.strip() for part in line.split(";"))
            first, _, last = codes.partition("..")
            for cp in range(int(first, 16), int(last or first, 16) + 1):
                table[cp] = chr(int(ideograph, 16))
    return table


def simplifier(lines: list[str]) -> Callable[[str], str]:
    """What turns this document's text into what is stored: injected pinyin dropped, and
    traditional characters simplified if the document is written in them (a simplified
    document is left as it is: OpenCC's t2s maps a few simplified characters too)."""
    convert = _converter(lines)
    return lambda text: _simplified(text, convert)


# Four CJK characters or more, each but the last followed by spaces: a label spaced out (产 出 指 标)?
_SPACED_OUT = re.compile(r"(?:[\u4e00-\u9fff][ \u3000]+){3,}[\u4e00-\u9fff]")


@cache
def _labels() -> frozenset[str]:
    """The category labels and column names of four characters or more."""
    from .tables import header_words
    from .vocab import categories

    cats = categories()
    return frozenset(w for w in (*cats.level1_std, *cats.level2, *header_words()[0]) if len(w) >= 4)


# A label whose cell wrapped before its last word (经济效益 / 指标): where the cells are spaced,
# the wrap is a space like the one between cells.
_WRAPPED_LABEL = re.compile(r"([\u4e00-\u9fff]{2,8})[ \u3000]+指标(?![\u4e00-\u9fff\d:：])")


def _label_joined(found: re.Match) -> str:
    word = found.group(1)
    hit = any(word[k:] + "指标" in _labels() for k in range(len(word) - 1))
    return word + "指标" if hit else found.group()


def _rejoined(run: re.Match) -> str:
    """A run of spaced-out characters made of labels (产 出 指 标 数 量 指 标) as those labels;
    any other run as it is."""
    chars, labels, out, at = run.group().split(), _labels(), [], 0
    while at < len(chars):
        label = next(
            ("".join(chars[at:end]) for end in range(len(chars), at + 3, -1) if "".join(chars[at:end]) in labels), None
        )
        if label is None:
            return run.group()
        out.append(label)
        at += len(label)
    return " ".join(out)


def simplify_lines(lines: list[str]) -> list[str]:
    """The lines simplified (simplifier), in place: a document's lines can be large."""
    convert = _converter(lines)
    for k, line in enumerate(lines):
        # most lines of most documents need nothing
        if convert or "(" in line or "（" in line or _RADICAL.search(line):
            line = lines[k] = _simplified(line, convert)
        if " " in line:
            line = lines[k] = _SPACED_OUT.sub(_rejoined, line)  # 产 出 指 标 -> 产出指标: else four cells
            if " 指标" in line:
                lines[k] = _WRAPPED_LABEL.sub(_label_joined, line)  # 经济效益 指标 -> 经济效益指标
    return lines
