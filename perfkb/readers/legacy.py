"""Old binary Office files: .xls with xlrd, .doc converted to .docx by LibreOffice.

Sites often serve HTML or a newer format under these names (a "表.xls" that is a web page),
so the file's first bytes decide, not only its name.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..reading import ReadError
from . import docx, html, xlsx
from .common import display_value, sheet_blocks, workbook_document
from .model import Block, SourceDocument

SOFFICE_TIMEOUT = 180  # seconds; a first start builds LibreOffice's profile
INSTALL_HINT = (
    "install LibreOffice to read .doc files: apt-get install libreoffice-writer-nogui (bash run.sh / test.sh do this)"
)


def read(path: Path, format: str) -> SourceDocument:
    head = path.read_bytes()[:512]
    if head.startswith(b"PK"):  # a .docx/.xlsx under an old name
        return (xlsx if format == "xls" else docx).read(path, format)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):  # HTML saved as .xls/.doc
        return html.read(path, format)
    return read_xls(path, format) if format == "xls" else read_doc(path, format)


def read_xls(path: Path, format: str = "xls") -> SourceDocument:
    return workbook_document(xls_blocks, path, format)


def xls_blocks(path: Path, hidden: list[str] | None = None) -> list[Block]:
    """The visible sheets' blocks; the names of hidden ones are added to `hidden`."""
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except Exception as error:  # xlrd raises XLRDError, CompDocError, struct errors, …
        raise ReadError(f"not a readable .xls workbook ({type(error).__name__}: {error})") from None
    blocks: list[Block] = []
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            if sheet.visibility:  # 1 hidden, 2 very hidden
                if hidden is not None:
                    hidden.append(sheet.name)
                book.unload_sheet(index)
                continue
            texts: dict[tuple[int, int], str] = {}
            for r in range(sheet.nrows):
                for c, cell in enumerate(sheet.row(r)):
                    text = _xls_text(book, cell).strip()
                    if text:
                        texts[(r + 1, c + 1)] = text
            # xlrd's ranges are 0-based, end-exclusive
            merges = [(r0 + 1, r1, c0 + 1, c1) for r0, r1, c0, c1 in sheet.merged_cells]
            blocks.extend(sheet_blocks(sheet.name, texts, merges))
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return blocks


def _xls_text(book, cell) -> str:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if cell.ctype == xlrd.XL_CELL_TEXT:
        return cell.value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return display_value(bool(cell.value))
    xf = book.xf_list[cell.xf_index]
    number_format = book.format_map[xf.format_key].format_str if xf.format_key in book.format_map else "General"
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return display_value(xlrd.xldate_as_datetime(cell.value, book.datemode), number_format)
        except (ValueError, OverflowError):
            return display_value(cell.value)
    return display_value(cell.value, number_format)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_doc(path: Path, format: str = "doc") -> SourceDocument:
    """The .doc as LibreOffice converts it to .docx, read by the .docx reader."""
    program = soffice()
    if program is None:
        raise ReadError(f"cannot read .doc without LibreOffice: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="perfkb-doc-") as tmp:
        # A profile of its own: parallel workers would otherwise share (and lock) one.
        profile = Path(tmp, "profile").as_uri()
        try:
            done = subprocess.run(
                [
                    program,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "docx",
                    "--outdir",
                    tmp,
                    str(path.resolve()),
                ],
                capture_output=True,
                timeout=SOFFICE_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ReadError(f"LibreOffice took over {SOFFICE_TIMEOUT} s converting the .doc") from None
        converted = Path(tmp, path.stem + ".docx")
        if not converted.exists():
            message = (done.stderr or done.stdout).decode("utf-8", "replace").strip()[-300:]
            raise ReadError(f"LibreOffice could not convert the .doc (corrupt or encrypted?): {message}")
        return docx.read(converted, format)
