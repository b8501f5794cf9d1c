"""What web mirrors leave in a page's text, injected into real documents with hand-checked gold
(tests/fixtures/realworld*: X.txt beside X.tsv), each kind on its own, and scored as the gold
is (bench/gold.py): recall and precision per kind beside the clean documents, in the same run.

    .venv/bin/python bench/noise.py [FOLDER ...]   (default: every tests/fixtures/realworld* set)

A kind that reads well below the clean figure is text the readers do not yet see through.
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import opencc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from gold import score_document  # noqa: E402

from perfkb.tables import header_role  # noqa: E402

_FULL_WIDTH_DIGITS = str.maketrans("0123456789%.<=>/", "０１２３４５６７８９％．＜＝＞／")


def _as_markup(text: str) -> str:
    """Each whole '|' row as <tr><td>…</td></tr> (a page's table kept as markup)."""
    lines = []
    for line in text.split("\n"):
        cells = [c.strip() for c in line.split("|")] if line.rstrip().endswith("||") else None
        lines.append("<tr><td>" + "</td><td>".join(filter(None, cells)) + "</td></tr>" if cells else line)
    return "\n".join(lines)


def _page_numbers(text: str) -> str:
    """A PDF's page number (- 3 -) on a line of its own after every fourth row."""
    lines, rows = [], 0
    for line in text.split("\n"):
        lines.append(line)
        if line.rstrip().endswith("||") or "\t" in line:
            rows += 1
            if rows % 4 == 0:
                lines.append(f"- {rows // 4} -")
    return "\n".join(lines)


def _page_headers(text: str) -> str:
    """A PDF's page header (第 n 页 共 m 页) after every sixth line, wherever it falls: between a
    row's cells where the table prints a cell a line."""
    lines = text.split("\n")
    return "\n".join(
        line
        for k, line in enumerate(lines)
        for line in ([f"第 {k // 6} 页 共 9 页"] if k and k % 6 == 0 else []) + [line]
    )


def _box_drawn(text: str) -> str:
    """Each '|' a box-drawing bar, and a box-drawn rule above each whole row."""
    lines = []
    for line in text.split("\n"):
        if line.rstrip().endswith("||"):
            lines.append("├" + "─" * 20 + "┼" + "─" * 10 + "┤")
        lines.append(line.replace("|", "│"))
    return "\n".join(lines)


# Characters a PDF's fonts map to radicals (Kangxi and supplement blocks), as text copied from it keeps them.
_RADICALS = str.maketrans("目一二长支门车用方人力工生大日月水金入文见", "⽬⼀⼆⻓⽀⻔⻋⽤⽅⼈⼒⼯⽣⼤⽇⽉⽔⾦⼊⽂⻅")

KINDS: dict[str, Callable[[str], str]] = {
    "clean": lambda text: text,
    "&nbsp; between cells": lambda text: text.replace(" | ", " &nbsp;| ").replace("\t", "\t&nbsp;"),
    "full-width pipes ｜": lambda text: text.replace("|", "｜"),
    "a box-drawn table │ ├──┼──┤": _box_drawn,
    "zero-width spaces in words": lambda text: text.replace("指标", "指\u200b标").replace("完成", "完\u200b成"),
    "full-width digits and signs ９５％, ２２．５, ＞": lambda text: text.translate(_FULL_WIDTH_DIGITS),
    "<br> in words": lambda text: text.replace("指标", "指<br>标").replace("满意度", "满意<br/>度"),
    "pipe rows as <td> markup": _as_markup,
    "traditional characters": opencc.OpenCC("s2t").convert,
    "labels spaced out 产 出 指 标": lambda text: text.replace("产出指标", "产 出 指 标").replace(
        "数量指标", "数 量 指 标"
    ),
    "tabs as spaces": lambda text: text.replace("\t", "    "),
    "lines indented": lambda text: "\n".join(f"  {line}  " for line in text.split("\n")),
    "Windows line ends": lambda text: text.replace("\n", "\r\n"),
    "a blank line after every line": lambda text: text.replace("\n", "\n\n"),
    "page numbers between rows": _page_numbers,
    "a page header between any two lines (第 n 页 共 9 页)": _page_headers,
    "展开全文 after the excerpt": lambda text: text + "\n展开全文\n",
    "radicals for characters (项⽬, ⻓期)": lambda text: text.translate(_RADICALS),
}


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in re.split(r"\t|\|", line) if cell.strip()]


def _rows_on_one_line(text: str) -> str:
    """A table's rows (lines with tabs or '|') run together onto one line, cells apart by a space:
    a PDF's or a sheet's text as a mirror keeps it."""
    out: list[str] = []
    run: list[str] = []
    for line in text.split("\n") + [""]:
        if "\t" in line or "|" in line:
            run.append(" ".join(_cells(line)))
            continue
        out += [" ".join(run)] if run else []
        run = []
        out.append(line)
    return "\n".join(out[:-1])


def _a_cell_a_line(text: str) -> str:
    return "\n".join(c for line in text.split("\n") for c in (_cells(line) or [line]))


def _opening_inside_a_table(text: str) -> str:
    """An excerpt whose text starts under the header of a table printed a cell a line: the
    header and all above it cut off (a page of the excerpt's size, cut at a table's rows)."""
    lines = _a_cell_a_line(text).split("\n")
    name = next((k for k, line in enumerate(lines) if (header_role(line.strip()) or ("",))[0] == "L3"), None)
    if name is None:
        return text
    while name < len(lines) and header_role(lines[name].strip()) is not None:
        name += 1
    return "\n".join(lines[name:])


def _rows_opening_inside_a_table(text: str) -> str:
    """An excerpt whose text starts on the row under a table's header (a row a line)."""
    lines = text.split("\n")
    for k, line in enumerate(lines):
        if len(cells := _cells(line)) >= 2 and any((header_role(c) or ("",))[0] == "L3" for c in cells):
            return "\n".join(lines[k + 1 :])
    return text


# How a mirror may lose a table's structure (not noise in its text): each row read back from
# what its cells hold. These read below the clean text; the figures say how far.
FLATTENINGS: dict[str, Callable[[str], str]] = {
    "a table's rows on one line": _rows_on_one_line,
    "a cell a line": _a_cell_a_line,
    "a row a line, cells apart by a space": lambda text: "\n".join(
        " ".join(_cells(line)) if "\t" in line or "|" in line else line for line in text.split("\n")
    ),
    "a row's cells glued together": lambda text: "\n".join(re.sub(r"[\t| ]+", "", line) for line in text.split("\n")),
    "a cell a line, the excerpt opening under the header": _opening_inside_a_table,
    "a row a line, the excerpt opening under the header": _rows_opening_inside_a_table,
}


def main(folders: list[Path]) -> None:
    documents = [path for folder in folders for path in sorted(folder.glob("*.txt"))]
    print(f"{len(documents)} documents from {len(folders)} sets\n")
    print("| text as a mirror leaves it | recall | precision | recall / clean |")
    print("| --- | --- | --- | --- |")
    clean_recall = None
    with tempfile.TemporaryDirectory() as tmp:
        for kind, change in {**KINDS, **FLATTENINGS}.items():
            total: Counter = Counter()
            for path in documents:
                changed = Path(tmp) / path.name
                changed.write_bytes(change(path.read_text(encoding="utf-8")).encode("utf-8"))
                total += score_document(changed, path.with_suffix(".tsv"))
            recall, precision = total["matched"] / total["gold"], total["matched"] / max(total["extracted"], 1)
            clean_recall = clean_recall or recall
            print(f"| {kind} | {recall:.3f} | {precision:.3f} | {recall / clean_recall:.3f} |")


if __name__ == "__main__":
    main([Path(a) for a in sys.argv[1:]] or sorted((ROOT / "tests" / "fixtures").glob("realworld*")))
