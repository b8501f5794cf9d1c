"""Reader accuracy on the seeds rendered into every format: each text seed's rows written as
Word tables (python-docx), one Excel sheet (openpyxl, borders, wrapped text) and a GBK web
page, and the Word and Excel files exported to PDF by LibreOffice, as offices publish them;
and the seed's text itself opened by LibreOffice and saved as Word, as a web page and as PDF
(X_typed.*: cells between tabs, a paragraph a line; in the PDF the tabs are only gaps). Each
rendering's indicator rows are compared with the text seed's own extraction.

    .venv/bin/python bench/seed_formats.py [000 001 …] [--keep DIR]

Needs soffice for the PDFs. The renderings are rough: a seed row becomes a table row as is
(cells the text conversion shifted stay shifted), so this measures the readers on the seeds'
content and page breaks, not a publisher's layout.
"""

from __future__ import annotations

import argparse
import html
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

from make_formats import convert  # noqa: E402

from perfkb.readers import read_document  # noqa: E402
from perfkb.reading import read_lines  # noqa: E402
from perfkb.rows import reconstruct_rows  # noqa: E402
from perfkb.walk import extract_document  # noqa: E402

Block = tuple[str, object]  # ("p", text) or ("t", rows of cells)


def blocks_of(rows) -> list[Block]:
    """Runs of rows of the same width as tables, one-cell rows as paragraphs."""
    out: list[Block] = []
    current: list[list[str]] | None = None
    for row in rows:
        if row is None or len(row.cells) < 2:
            current = None
            if row is not None and row.cells[0]:
                out.append(("p", row.cells[0]))
            continue
        if current is None or len(row.cells) != len(current[0]):
            current = []
            out.append(("t", current))
        current.append(row.cells)
    return out


def to_docx(blocks: list[Block], path: Path) -> None:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.size, style.font.name = Pt(8), "WenQuanYi Zen Hei"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "WenQuanYi Zen Hei")
    for kind, block in blocks:
        if kind == "p":
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block), cols=len(block[0]))
        table.style = "Table Grid"
        for i, row in enumerate(block):
            for j, text in enumerate(row):
                table.cell(i, j).text = text
        document.add_paragraph("")
    document.save(str(path))


def to_xlsx(blocks: list[Block], path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Alignment, Border, Side

    book = openpyxl.Workbook()
    sheet = book.active
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for kind, block in blocks:
        if kind == "p":
            sheet.append([block])
            continue
        for row in block:
            sheet.append(row)
            sheet.row_dimensions[sheet.max_row].height = 15 * max(1, max(-(-len(c) // 7) for c in row))
            for cell in sheet[sheet.max_row]:
                cell.border = border
                cell.alignment = Alignment(wrap_text=True, vertical="center")
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # =100% is text, not a formula
        sheet.append([])
    for column in "ABCDEFGHIJ":
        sheet.column_dimensions[column].width = 14
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    book.save(path)


def to_html(blocks: list[Block], path: Path) -> None:
    parts = ['<html><head><meta charset="gbk"></head><body>']
    for kind, block in blocks:
        if kind == "p":
            parts.append(f"<p>{html.escape(block)}</p>")
            continue
        parts.append("<table border=1>")
        parts.extend("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in block)
        parts.append("</table>")
    parts.append("</body></html>")
    path.write_bytes("\n".join(parts).encode("gb18030"))


def indicator_rows(extraction) -> list[tuple]:
    """Each row's fields without white space, as ../shared/tools/score.py compares them (the
    seeds' own text keeps spaces its conversion put inside words: 交通事故下 降率)."""
    return [
        tuple(
            "".join(text.split())
            for text in (p.name, i.level1, i.level2, i.level3, i.value, i.value_period, i.description, i.basis)
        )
        for p in extraction.projects
        for i in p.indicators
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("seeds", nargs="*", help="file-name prefixes in data/ (default: all)")
    parser.add_argument("--keep", type=Path, help="write the renderings here instead of a temporary folder")
    args = parser.parse_args()
    seeds = sorted(
        p for p in (ROOT / "data").glob("*.txt") if not args.seeds or any(p.name.startswith(s) for s in args.seeds)
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        print("| seed | file | pages | indicators | found | exact | recall | precision | seconds |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for seed in seeds:
            rows = reconstruct_rows(read_lines(seed))
            want = indicator_rows(extract_document(rows))
            blocks = blocks_of(rows)
            stem = seed.stem[:3]
            files = [out / f"{stem}.docx", out / f"{stem}_sheet.xlsx", out / f"{stem}.html"]
            to_docx(blocks, files[0])
            to_xlsx(blocks, files[1])
            to_html(blocks, files[2])
            files += [convert(files[0], "pdf", out), convert(files[1], "pdf", out)]
            typed = out / f"{stem}_typed.txt"
            shutil.copy(seed, typed)
            files += [convert(typed, to, out) for to in ("docx", "html", "pdf")]
            for path in files:
                start = time.perf_counter()
                doc = read_document(path)
                got = indicator_rows(extract_document(doc.rows))
                seconds = time.perf_counter() - start
                exact = sum(1 for g in got if g in want)
                print(
                    f"| {seed.name[:3]} | {path.name} | {doc.pages or ''} | {len(want)} | {len(got)} | {exact} | "
                    f"{exact / max(len(want), 1):.3f} | {exact / max(len(got), 1):.3f} | {seconds:.1f} |"
                )


if __name__ == "__main__":
    main()
