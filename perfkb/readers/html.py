"""Web pages with lxml: the charset from <meta> or the bytes, script/style dropped, tables with
rowspan/colspan, text outside tables as paragraphs in document order.

Pages often wrap everything in layout tables; a table whose cells hold tables is layout, so its
cells are read as page text and only tables without tables inside are data tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..reading import ReadError, decode_text
from .common import clean_text
from .model import Block, Cell, Paragraph, SourceDocument, Table, flatten

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# GB2312/GBK-labelled pages use characters outside those sets: GB18030 decodes them all.
_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "cp936": "gb18030",
    "utf8": "utf-8",
}
_DROP = ("script", "style", "noscript", "template", "head", "select", "button")
_WHITESPACE = re.compile(r"\s+")
# Elements after which text starts a new paragraph.
_BLOCK_TAGS = frozenset(
    "p div br h1 h2 h3 h4 h5 h6 li ul ol dl dt dd tr td th table caption section article "
    "header footer nav aside blockquote pre form hr center address figure figcaption".split()
)


def decode_html(data: bytes) -> str:
    """The page's text. Bytes that are valid UTF-8 are UTF-8 whatever the page declares (pages
    saved again keep their old <meta>; GBK text is almost never valid UTF-8), then the declared
    charset, then what the bytes look like (reading.decode_text)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    match = _META_CHARSET.search(data[:4096])
    if match:
        name = match.group(1).decode("ascii", "replace").lower()
        try:
            return data.decode(_CHARSET_ALIASES.get(name, name))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown label: let the bytes decide
    return decode_text(data)


@dataclass
class _Walk:
    blocks: list[Block] = field(default_factory=list)
    text: list[str] = field(default_factory=list)  # inline text of the paragraph being read
    paragraphs: int = 0
    tables: int = 0

    def flush(self) -> None:
        text = clean_text("".join(self.text))
        self.text = []
        for line in text.split("\n"):
            if line:
                self.paragraphs += 1
                self.blocks.append(Paragraph(line, f"paragraph {self.paragraphs}"))


def read(path: Path, format: str = "html") -> SourceDocument:
    return flatten(blocks(path), format)


def blocks(path: Path) -> list[Block]:
    import lxml.html
    from lxml import etree

    text = _XML_DECLARATION.sub("", decode_html(path.read_bytes()))
    if not text.strip():
        raise ReadError("empty web page")
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as error:
        raise ReadError(f"not a readable web page ({error})") from None
    walk = _Walk()
    title = root.find("head/title")
    if title is not None:  # the page title often names the department and year
        walk.text.append(cell_text(title))
        walk.flush()
    hidden = [e for e in root.iter() if isinstance(e.tag, str) and _hidden(e)]
    for element in [*root.iter(*_DROP, etree.Comment, etree.ProcessingInstruction), *hidden]:
        if element.getparent() is not None:
            element.drop_tree()
    body = root.find("body") if root.find("body") is not None else root
    if body.text:
        walk.text.append(_WHITESPACE.sub(" ", body.text))
    _walk(body, walk)
    walk.flush()
    return walk.blocks


# Text a browser does not show: some mirrors hide words inside cells to spoil copying
# (<span style="display:none">…</span>).
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _hidden(element) -> bool:
    return element.get("hidden") is not None or bool(_HIDDEN_STYLE.search(element.get("style") or ""))


def _walk(element, walk: _Walk) -> None:
    for child in element:
        if not isinstance(child.tag, str):
            if child.tail:
                walk.text.append(_WHITESPACE.sub(" ", child.tail))
            continue
        tag = child.tag.lower()
        if tag == "table" and not _has_table(child):
            walk.flush()
            _data_table(child, walk)
        elif tag == "pre":
            walk.flush()
            _preformatted(child, walk)
        else:
            if tag in _BLOCK_TAGS:
                walk.text.append("\n")
            if child.text:
                walk.text.append(_WHITESPACE.sub(" ", child.text))
            _walk(child, walk)
            if tag in _BLOCK_TAGS:
                walk.text.append("\n")
        if child.tail:
            walk.text.append(_WHITESPACE.sub(" ", child.tail))


def _preformatted(pre, walk: _Walk) -> None:
    """<pre>: text shown as typed, its tabs and blank lines kept (a text file saved as a web page
    puts the whole text in one), a paragraph a line so that each row keeps its line."""
    walk.paragraphs += 1
    number = walk.paragraphs
    lines = pre.text_content().replace("\r", "").split("\n")
    for k, line in enumerate(lines, start=1):
        walk.blocks.append(Paragraph(clean_text(line, tabs=True), f"preformatted text {number}, line {k}"))


def _has_table(table) -> bool:
    return next(table.iterdescendants("table"), None) is not None


def _rows(table):
    """The table's own rows (not those of tables inside it), in order."""
    for child in table:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child if isinstance(tr.tag, str) and tr.tag.lower() == "tr")


def _data_table(table, walk: _Walk) -> None:
    caption = table.find("caption")
    if caption is not None:
        walk.text.append(cell_text(caption))
        walk.flush()
    trs = list(_rows(table))
    rows: list[list[Cell]] = []
    for r, tr in enumerate(trs):
        cells = []
        for td in tr:
            if not isinstance(td.tag, str) or td.tag.lower() not in ("td", "th"):
                continue
            rowspan = _span(td.get("rowspan"))
            # rowspan=0 means "to the end of the table"; none goes past it
            rowspan = min(rowspan or len(trs) - r, len(trs) - r)
            cells.append(Cell(cell_text(td), rowspan, _span(td.get("colspan")) or 1))
        rows.append(cells)
    if any(cell.text for row in rows for cell in row):
        walk.tables += 1
        walk.blocks.append(Table(rows, f"table {walk.tables}"))


def _span(value: str | None) -> int:
    match = re.match(r"\s*(\d+)", value or "")
    return min(int(match.group(1)), 1000) if match else 1


def cell_text(element) -> str:
    """A cell's text, <br> and block elements as line breaks, whitespace collapsed as a browser
    does (a source line break inside text is a space)."""
    parts: list[str] = []

    def visit(node) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag == "br" or tag in _BLOCK_TAGS and tag not in ("td", "th"):
            parts.append("\n")
        if node.text and tag:
            parts.append(_WHITESPACE.sub(" ", node.text))
        for child in node:
            visit(child)
            if child.tail:
                parts.append(_WHITESPACE.sub(" ", child.tail))
        if tag in _BLOCK_TAGS and tag not in ("td", "th", "br"):
            parts.append("\n")

    visit(element)
    return clean_text("".join(parts))
