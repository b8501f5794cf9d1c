"""Every real gold table (tests/fixtures/realworld*) printed as an office prints a 项目支出绩效
目标表 form, in each format users download, read back and scored as the gold is (a name and the
numbers of its value, bench/gold.py): recall and precision per format, in the same run.

    .venv/bin/python bench/real_formats.py [docx xlsx html docx.pdf xlsx.pdf html.pdf …] [--keep DIR]

The form: 项目名称, 主管部门 and 年度绩效目标 rows over the indicator rows, a 绩效指标 title cell
merged down the left of them all, 一级/二级 cells merged over their rows. Word and Excel files
are written with python-docx and openpyxl (rules, wrapped text, row heights as Excel sets them);
X.pdf is LibreOffice's export of the X file (needs soffice: Calc for xlsx.pdf), html.pdf the
page printed by Chromium: tables run over page breaks, with merged cells cut by them. X-plain:
the same tables without borders (python-docx's default table style; a page's table without a
border attribute), so their PDFs have no rules to find the cells by.
"""

from __future__ import annotations

import argparse
import html
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

from gold import gold_tables, norm, value_key  # noqa: E402

from perfkb.readers import read_document  # noqa: E402
from perfkb.walk import extract_document  # noqa: E402

Tables = list[tuple[str, list[list[str]]]]
TITLE = "项目支出绩效目标表"
WIDTHS = (12, 14, 16, 30, 16)  # the form's columns, in characters of a sheet's default font
FORMATS = (
    "docx",
    "xlsx",
    "html",
    "docx.pdf",
    "xlsx.pdf",
    "html.pdf",
    "docx-plain.pdf",
    "xlsx-plain.pdf",
    "html-plain.pdf",
)


@dataclass
class Cell:
    text: str
    rows: int = 1
    cols: int = 1


def form(project: str, rows: list[list[str]]) -> list[list[Cell | None]]:
    """The form's grid, a row of cells each; None where a merged cell above covers the place."""
    grid: list[list[Cell | None]] = [
        [Cell("项目名称"), Cell(project, cols=4)],
        [Cell("主管部门"), Cell("某某县某某局", cols=2), Cell("实施单位"), Cell("某某县某某局")],
        [Cell("年度绩效目标"), Cell("按计划完成项目建设任务，保障项目顺利实施，提高服务水平。", cols=4)],
        [Cell("绩效指标", rows=len(rows) + 1), Cell("一级指标"), Cell("二级指标"), Cell("三级指标"), Cell("指标值")],
    ]
    for i, row in enumerate(rows):
        cells: list[Cell | None] = [None]
        for level in (0, 1):
            key = row[: level + 1]  # a level merges with the rows below while its own above it do
            if i and rows[i - 1][: level + 1] == key:
                cells.append(None)
                continue
            span = 1
            while i + span < len(rows) and rows[i + span][: level + 1] == key:
                span += 1
            cells.append(Cell(row[level], rows=span))
        grid.append([*cells, Cell(row[2]), Cell(row[3])])
    return grid


def _placed(grid: list[list[Cell | None]]):
    """(row, column, cell) of each cell that is not covered by a merged one."""
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            if cell is None:  # its place is one of the covered ones skipped below
                continue
            while (r, c) in covered:
                c += 1
            covered.update((r + dr, c + dc) for dr in range(cell.rows) for dc in range(cell.cols))
            yield r, c, cell
            c += cell.cols


def to_docx(tables: Tables, path: Path, ruled: bool = True) -> None:
    import docx

    document = docx.Document()
    for project, rows in tables:
        document.add_paragraph(TITLE)
        grid = form(project, rows)
        table = document.add_table(rows=len(grid), cols=len(WIDTHS))
        table.style = "Table Grid" if ruled else None  # python-docx's default: no borders
        for r, c, cell in _placed(grid):
            target = table.cell(r, c)
            if cell.rows > 1 or cell.cols > 1:
                target = target.merge(table.cell(r + cell.rows - 1, c + cell.cols - 1))
            target.text = cell.text
        document.add_paragraph("")
    document.save(str(path))


def to_xlsx(tables: Tables, path: Path, ruled: bool = True) -> None:
    import openpyxl
    from openpyxl.styles import Alignment, Border, Side

    book = openpyxl.Workbook()
    sheet = book.active
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin) if ruled else Border()
    top = 1
    for project, rows in tables:
        sheet.cell(top, 1, TITLE)
        grid = form(project, rows)
        lines = [1.0] * len(grid)
        for r, c, cell in _placed(grid):
            target = sheet.cell(top + 1 + r, c + 1, cell.text)
            target.data_type = "s"  # =1次 is text, not a formula
            target.alignment = Alignment(wrap_text=True, vertical="center")
            for dr in range(cell.rows):
                for dc in range(cell.cols):
                    sheet.cell(top + 1 + r + dr, c + 1 + dc).border = border
            if cell.rows > 1 or cell.cols > 1:
                sheet.merge_cells(
                    start_row=top + 1 + r, start_column=c + 1, end_row=top + r + cell.rows, end_column=c + cell.cols
                )
            width = sum(WIDTHS[c : c + cell.cols]) / 2 - 1  # CJK characters a line
            lines[r] = max(lines[r], -(-len(cell.text) // int(width)) / cell.rows)
        for r, n in enumerate(lines):
            sheet.row_dimensions[top + 1 + r].height = 15 * n  # as Excel fits a wrapped row
        top += len(grid) + 2
    for n, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + n)].width = width
    sheet.page_setup.orientation = "landscape"
    book.save(path)


def to_html(tables: Tables, path: Path, ruled: bool = True) -> None:
    parts = ['<html><head><meta charset="utf-8"></head><body>']
    for project, rows in tables:
        border = ' border="1"' if ruled else ""
        parts.append(f'<p>{TITLE}</p><table{border} style="border-collapse: collapse">')
        for row in form(project, rows):
            cells = "".join(
                f'<td rowspan="{c.rows}" colspan="{c.cols}">{html.escape(c.text)}</td>' for c in row if c is not None
            )
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")


WRITERS = {
    "docx": to_docx,
    "xlsx": to_xlsx,
    "html": to_html,
    "docx-plain": partial(to_docx, ruled=False),
    "xlsx-plain": partial(to_xlsx, ruled=False),
    "html-plain": partial(to_html, ruled=False),
}


def render(tables: Tables, fmt: str, folder: Path) -> Path:
    """The tables as one file of the format (X.pdf: the X file printed to PDF)."""
    source, _, pdf = fmt.partition(".")
    kind = source.partition("-")[0]
    path = folder / f"{source}_forms.{kind}"
    WRITERS[source](tables, path)
    if not pdf:
        return path
    if kind == "html":
        return _print_page(path)
    from make_formats import convert

    return convert(path, "pdf", folder)


def _print_page(path: Path) -> Path:
    """A web page printed to PDF by Chromium, as a browser's "Save as PDF" does."""
    out = path.with_suffix(".pdf")
    command = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"]
    subprocess.run([*command, f"--print-to-pdf={out}", path.as_uri()], check=True, capture_output=True, timeout=300)
    return out


def score(path: Path, tables: Tables) -> Counter:
    """gold, extracted and matched: a row matches on its name and its value's numbers."""
    want = Counter((norm(r[2]), value_key(r[3])) for _, rows in tables for r in rows)
    got = Counter(
        (norm(i.level3), value_key(i.value))
        for p in extract_document(read_document(path).rows).projects
        for i in p.indicators
    )
    return Counter(gold=want.total(), extracted=got.total(), matched=(want & got).total())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("formats", nargs="*", choices=[*FORMATS, []], help=f"default: {' '.join(FORMATS)}")
    parser.add_argument("--keep", type=Path, help="write the files here instead of a temporary folder")
    args = parser.parse_args(argv)
    tables = gold_tables()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"| format | gold rows | extracted | matched | recall | precision |  ({len(tables)} tables)")
        print("| --- | --- | --- | --- | --- | --- |")
        for fmt in args.formats or FORMATS:
            found = score(render(tables, fmt, folder), tables)
            print(
                f"| {fmt} | {found['gold']} | {found['extracted']} | {found['matched']} | "
                f"{found['matched'] / found['gold']:.3f} | {found['matched'] / max(found['extracted'], 1):.3f} |"
            )


if __name__ == "__main__":
    main()
