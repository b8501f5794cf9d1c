"""Reading a source file: bytes -> text lines, whatever the encoding."""

from __future__ import annotations

import codecs
import html
import re
from pathlib import Path

SUPPORTED_SUFFIXES = {".txt", ".text", ".md"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Characters a web page carries that print nothing: zero-width spaces and joiners, direction
# marks, word joiners, a BOM inside the text, soft hyphens. They split words (指\u200b标).
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")
# Full-width digits, letters, signs and the decimal point (２２．５％, ＞９５, 元／人) are the ASCII
# ones a value is read with. (Brackets and Chinese punctuation stay as printed.)
_FULL_WIDTH_SIGNS = "％＋－．／＜＝＞"
_FULL_WIDTH = str.maketrans(
    {
        chr(c): chr(c - 0xFEE0)
        for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B), *map(ord, _FULL_WIDTH_SIGNS))
    }
)
# A full-width or box-drawing bar is a '|'; a box-drawn rule (├────┼────┤) the Markdown rule
# (|----|----|) a table's rows skip. (═ is no rule: pages print it for an equals sign.)
_BARS, _CORNERS, _RULES = "｜│┃║", "┼├┤┬┴┌┐└┘╪╫╬╋┣┫┳┻┏┓┗┛", "─━"
_FULL_WIDTH.update(str.maketrans(_BARS + _CORNERS + _RULES, "|" * len(_BARS + _CORNERS) + "-" * len(_RULES)))
_FULL_WIDTH_TEXT = re.compile(f"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a{_FULL_WIDTH_SIGNS}{_BARS}{_CORNERS}{_RULES}]")
# An HTML character reference a page saved as text kept (&nbsp;, &amp;, &#8805;).
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6});")


class ReadError(Exception):
    """A file that cannot be read as a text disclosure; the message names the file."""


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM: its ASCII (tabs, digits, line breaks) leaves zero bytes on
    one side of each pair only. CJK characters leave none, so a small share is enough."""
    even_zero, odd_zero = data[0::2].count(0), data[1::2].count(0)
    high, low = max(even_zero, odd_zero), min(even_zero, odd_zero)
    if high < max(4, len(data) // 200) or low > high // 10:
        return None
    try:
        return data.decode("utf-16-be" if even_zero > odd_zero else "utf-16-le")
    except UnicodeDecodeError:
        return None


def _decode(data: bytes) -> str:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _utf16_without_bom(data)
    if text is not None:
        return text
    if 0 in data:
        raise ReadError("binary content (NUL bytes), not a text document")
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise ReadError("not text in UTF-8, UTF-16 or GB18030 (a binary file?)") from None


def decode_text(data: bytes) -> str:
    """Text of a document's bytes, with line endings and stray characters normalised."""
    if not data.strip():
        raise ReadError("empty file")
    text = _decode(data)
    if "\x00" in text or len(_CONTROL.findall(text)) > max(8, len(text) // 100):
        raise ReadError("binary content, not a text document")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Full-width and non-breaking spaces are spaces; other control characters are noise.
    text = text.replace("\u3000", " ").replace("\u00a0", " ")
    return _INVISIBLE.sub("", _CONTROL.sub("", text))


# Markup a page saved as text kept: a table's cells end where their tags close (read as the '|'
# a saved page ends cells with), a line break inside a cell joins it (指<br>标), other tags go.
_CELL_END = re.compile(r"\s*</t[dh]>\s*", re.I)
_ROW_END = re.compile(r"\s*</tr>\s*", re.I)
_TAG = re.compile(
    r"</?(?:td|th|tr|br|p|span|div|font|b|strong|em|i|u|a|table|tbody|thead|tfoot|img|hr|li|ul|ol|h[1-6])\b[^>]*>",
    re.I,
)


def _untagged(line: str) -> str:
    line = _ROW_END.sub(" ||", _CELL_END.sub(" | ", line))
    return _TAG.sub("", line)


def _unescaped(line: str) -> str:
    """A text line with the HTML character references a page left in it read (&nbsp; is a space,
    &ge; is ≥); one to a line break is a space, so lines stay where the file has them."""
    line = _ENTITY.sub(lambda m: html.unescape(m.group()), line)
    return re.sub(r"[\n\r\u00a0\u3000]", " ", line)


def read_lines(path: Path) -> list[str]:
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise ReadError(f"unsupported file type {path.suffix or '(none)'}: convert PDF/DOCX to text first")
    text = decode_text(path.read_bytes())
    if _FULL_WIDTH_TEXT.search(text):
        text = text.translate(_FULL_WIDTH)
    lines = text.split("\n")
    if "<" in text:
        lines = [_untagged(line) if "<" in line else line for line in lines]
    return [_unescaped(line) if "&" in line else line for line in lines]
