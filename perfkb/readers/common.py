"""Helpers more than one reader needs: cell text clean-up, a spreadsheet value as its cell
displays it, and a sheet's cells and merged ranges as a Table."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

from ..models import Problem
from .model import Block, Cell, Paragraph, SourceDocument, Table, flatten

_LATIN_WRAP = re.compile(r"[A-Za-z,;.:]\n[A-Za-z]")
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009]+")
_SPACES_BUT_TABS = re.compile(r"[ \u00a0\u3000\u2002\u2003\u2009]+")


def clean_text(text: str, tabs: bool = False) -> str:
    """Runs of spaces (full-width and non-breaking included) as one space, each line stripped,
    blank lines dropped. tabs: a tab is kept (text typed with tabs between its columns)."""
    if tabs:  # a leading tab is an empty first cell: only spaces are stripped
        lines = (_SPACES_BUT_TABS.sub(" ", line).strip(" ") for line in text.replace("\r", "\n").split("\n"))
        return "\n".join(line for line in lines if line.strip())
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def join_wrapped(text: str, items: bool = False, tabs: bool = False) -> str:
    """A cell's lines as one text where the breaks are only wrapping (PDF): a line that ends
    with a space (the text had one where it wrapped) or Latin words join with a space, Chinese
    without one. items: a line opening an item (2、, (2)) is one of a list the cell holds, set
    apart by a space (a break typed in a Word or Excel cell). tabs: kept (clean_text)."""
    lines = [line for line in text.replace("\r", "\n").split("\n") if line.strip()]
    out = ""
    for line in lines:
        if out and (
            out[-1].isspace()
            or line[0].isspace()
            or _LATIN_WRAP.match(out[-1] + "\n" + line[0])
            or (items and _ITEM.match(line))
        ):
            out = out.rstrip() + " "
        out += line
    return clean_text(out, tabs)


_ITEM = re.compile(
    r"\s*(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})[、.．)）](?!\d)|[(（](?:\d{1,2}|[一二三四五六七八九十]{1,3})[)）])"
)


# ---- spreadsheet values as displayed ---------------------------------------------------------

_QUOTED = re.compile(r'"([^"]*)"|\\(.)|_.|\*.')  # literal text, escaped char; padding/fill dropped
_BRACKETS = re.compile(r"\[[^\]]*\]")  # [Red], [$-804], [DBNum1] …
_DATE_TOKEN = re.compile(r"yyyy|yy|mmmm|mmm|mm|m|dd|d|hh|h|ss|s|am/pm|a/p", re.I)


def display_value(value: object, number_format: str | None = "General") -> str:
    """A spreadsheet cell's value as the cell shows it: 0.95 under a % format is 95%, 1.0 under
    General is 1, a date under yyyy"年"m"月" is 2024年9月."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    fmt = (number_format or "General").split(";")[0]
    if isinstance(value, (datetime, date, time)):
        return _display_date(value, fmt)
    if isinstance(value, (int, float)):
        return _display_number(float(value), fmt)
    return str(value)


def _literal(fmt: str) -> str:
    return _BRACKETS.sub("", fmt)


def _display_number(value: float, fmt: str) -> str:
    if math.isnan(value) or math.isinf(value):
        return str(value)
    fmt = _literal(fmt)
    # The format as literal text around one numeric pattern (0 # ? with , and .); "\0" marks
    # where the number goes.
    parts: list[str] = []
    pattern = ""
    i = 0
    while i < len(fmt):
        m = _QUOTED.match(fmt, i)
        if m:
            parts.append(m.group(1) if m.group(1) is not None else (m.group(2) or ""))
            i = m.end()
            continue
        ch = fmt[i]
        if ch in "0#?" or (pattern and ch in ",."):
            if not pattern:
                parts.append("\0")
            pattern += ch
        elif fmt[i : i + 7].lower() == "general":
            parts.append(_general(value))
            i += 7
            continue
        else:
            parts.append(ch)
        i += 1
    if not pattern:
        return "".join(parts) if fmt.strip() and fmt != "@" else _general(value)
    percent = "%" in parts
    shown = value * 100 if percent else value
    body = pattern.rstrip(",")
    shown /= 1000 ** (len(pattern) - len(body))  # trailing commas scale by 1000
    whole, _, frac = body.partition(".")
    decimals, required = len(frac.replace(",", "")), frac.count("0")
    text = f"{abs(shown):{',' if ',' in whole else ''}.{decimals}f}"
    if decimals > required:  # optional digits (#, ?) drop trailing zeros beyond the required ones
        int_part, frac_digits = text.split(".")
        frac_digits = frac_digits.rstrip("0").ljust(required, "0")
        text = f"{int_part}.{frac_digits}" if frac_digits else int_part
    if shown < 0 and float(text.replace(",", "")):
        text = "-" + text
    return "".join(text if p == "\0" else p for p in parts)


def _general(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.10g}"


def _display_date(value: date | time, fmt: str) -> str:
    fmt = _literal(fmt)
    if fmt.lower() in ("general", "", "@") or not _DATE_TOKEN.search(_QUOTED.sub("", fmt)):
        if isinstance(value, datetime) and value.time() == time(0):
            value = value.date()
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    out: list[str] = []
    i = 0
    after_hour = False
    while i < len(fmt):
        m = _QUOTED.match(fmt, i)
        if m:
            out.append(m.group(1) if m.group(1) is not None else (m.group(2) or ""))
            i = m.end()
            continue
        m = _DATE_TOKEN.match(fmt, i)
        if m:
            token = m.group().lower()
            out.append(_date_part(value, token, after_hour))
            after_hour = token in ("h", "hh") or (after_hour and token not in ("s", "ss"))
            i = m.end()
            continue
        out.append(fmt[i])
        i += 1
    return "".join(out)


def _date_part(value: date | time, token: str, after_hour: bool) -> str:
    y = getattr(value, "year", 0)
    if token in ("m", "mm") and after_hour:  # m after h is minutes
        n = getattr(value, "minute", 0)
        return f"{n:02d}" if token == "mm" else str(n)
    table = {
        "yyyy": f"{y:04d}",
        "yy": f"{y % 100:02d}",
        "m": str(getattr(value, "month", 0)),
        "mm": f"{getattr(value, 'month', 0):02d}",
        "mmm": value.strftime("%b") if isinstance(value, date) else "",
        "mmmm": value.strftime("%B") if isinstance(value, date) else "",
        "d": str(getattr(value, "day", 0)),
        "dd": f"{getattr(value, 'day', 0):02d}",
        "h": str(getattr(value, "hour", 0)),
        "hh": f"{getattr(value, 'hour', 0):02d}",
        "s": str(getattr(value, "second", 0)),
        "ss": f"{getattr(value, 'second', 0):02d}",
    }
    return table.get(token, "")


# ---- a sheet as a Table ----------------------------------------------------------------------


def column_letter(col: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def sheet_ref(name: str) -> str:
    """A sheet name as a cell reference writes it ('My Sheet' quoted)."""
    return name if re.fullmatch(r"[\w\u4e00-\u9fff]+", name) else "'" + name.replace("'", "''") + "'"


def sheet_blocks(name: str, texts: dict[tuple[int, int], str], merges: list[tuple[int, int, int, int]]) -> list[Block]:
    """A sheet's cells (1-based (row, column) -> displayed text) and merged ranges (first row,
    last row, first column, last column, 1-based inclusive) as blocks whose rows are located as
    Excel names them (Sheet1!A12:F12).

    A row holding one text only, in the sheet's first column or merged across columns (a
    title, 单位：万元, a section heading), is a Paragraph, as such a line is in a text file: it
    ends the table above it instead of being read as one of its rows. The other rows, in runs,
    are Tables."""
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    continued: set[int] = set()  # rows a merged cell from a row above reaches into
    if not texts:
        return []
    # a merge past the last text (a whole column merged: A5:A1048576) ends with the text
    bottom, right = max(r for r, _ in texts), max(c for _, c in texts)
    merges = [(r0, min(r1, bottom), c0, min(c1, right)) for r0, r1, c0, c1 in merges if r0 <= bottom and c0 <= right]
    for r0, r1, c0, c1 in merges:
        if not any(texts.get((r, c)) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)):
            continue  # an empty merged block is only formatting
        spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        covered.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0))
        continued.update(range(r0 + 1, r1 + 1))
    filled = [k for k, v in texts.items() if v] + list(spans)
    if not filled:
        return []
    first_row, last_row = min(r for r, _ in filled), max(r for r, _ in filled)
    first_col, last_col = min(c for _, c in filled), max(c for _, c in filled)
    ref = sheet_ref(name)
    blocks: list[Block] = []
    run: list[tuple[int, list[Cell], str]] = []  # (row, cells, locator) of the table being built

    def close_run() -> None:
        if any(cell.text for _, cells, _ in run for cell in cells):
            blocks.append(
                Table(
                    [cells for _, cells, _ in run],
                    name,
                    row_names=[str(r) for r, _, _ in run],
                    row_locators=[loc for _, _, loc in run],
                )
            )
        run.clear()

    for r in range(first_row, last_row + 1):
        cells: list[Cell] = []
        used: list[int] = []
        starts: list[tuple[int, Cell]] = []
        for c in range(first_col, last_col + 1):
            if (r, c) in covered:  # under a merged cell's text: part of the row all the same
                used.append(c)
                continue
            rowspan, colspan = spans.get((r, c), (1, 1))
            text = texts.get((r, c), "")
            cell = Cell(text, rowspan, colspan)
            cells.append(cell)
            if text:
                used.append(c)
                starts.append((c, cell))
        while cells and not cells[-1].text and cells[-1].rowspan == cells[-1].colspan == 1:
            cells.pop()  # trailing empty cells add nothing
        used.sort()
        locator = (
            f"{ref}!{column_letter(used[0])}{r}" + (f":{column_letter(used[-1])}{r}" if len(used) > 1 else "")
            if used
            else f"{ref}!{r}:{r}"
        )
        if (
            len(starts) == 1
            and r not in continued
            and starts[0][1].rowspan == 1
            and (starts[0][0] == first_col or starts[0][1].colspan >= 3)
        ):
            close_run()
            blocks.append(Paragraph(starts[0][1].text, locator))
            continue
        run.append((r, cells, locator))
    close_run()
    return blocks


def workbook_document(sheets: Callable[[Path, list[str]], list[Block]], path: Path, format: str) -> SourceDocument:
    """A workbook read by `sheets` (its visible sheets' blocks; the names of the hidden ones are
    added to the list): the hidden sheets are not read (a template's lists of categories for its
    drop-down cells, a sheet of old figures), and a problem says what was left out."""
    hidden: list[str] = []
    doc = flatten(sheets(path, hidden), format)
    doc.problems.extend(Problem(0, "hidden_sheet", f"hidden sheet {name!r} not read", name) for name in hidden)
    return doc
