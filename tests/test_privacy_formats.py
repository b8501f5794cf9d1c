"""No person's name or phone number printed in a disclosure is stored, searchable or served,
whatever format the document comes in: a table's sign-off row ends it and is never stored, and
everything stored is redacted (names after contact labels, phones in every common spelling)."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from perfkb.build import build
from perfkb.privacy import redact

NAMES = ("张二甲", "李二乙", "王二丙", "褚十甲", "赵三丁", "钱四戊")
PHONES = ("138 2222 3333", "13810101010", "0372-1234567", "(0372)5555555", "+8613844445555", "138-4444-5555")
HEADER = ["一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"]
ROWS = [
    ["产出指标", "数量指标", "负责人员培训覆盖率", "≥95%", "年度计划"],
    ["产出指标", "质量指标", "设备验收合格率", "100%", "合同要求（联系人：褚十甲，电话：13810101010）"],
    ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "填表人：赵三丁 0372-1234567"],
]
SIGN_OFF = ["单位负责人：张二甲", "财务负责人：李二乙", "经办人：王二丙", "联系电话：+86 138 2222 3333"]
AFTER = ["负 责 人：钱四戊", "电话：(0372)5555555 +8613844445555 138-4444-5555"]
TITLE = ["某市交通运输局2024年项目支出绩效目标表", "项目名称：农村公路养护"]


def _text_tabs(path: Path) -> None:
    lines = TITLE + ["\t".join(r) for r in [HEADER, *ROWS, SIGN_OFF]] + AFTER
    path.with_suffix(".txt").write_text("\n".join(lines), encoding="utf-8")


def _text_pipes(path: Path) -> None:
    lines = TITLE + [" | ".join(r) + " | ||" for r in [HEADER, *ROWS, SIGN_OFF]] + AFTER
    path.with_suffix(".txt").write_text("\n".join(lines), encoding="utf-8")


def _text_cells(path: Path) -> None:
    """The DOCX-as-text layout: one cell per line after a tab, the name on the line after 联系人："""
    lines = list(TITLE)
    for row in [HEADER, *ROWS, SIGN_OFF]:
        lines += [f"\t{c}" for c in row] + [""]
    lines += ["\t联系人：", "\t钱四戊", ""] + AFTER
    path.with_suffix(".txt").write_text("\n".join(lines), encoding="utf-16")


def _docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    for line in TITLE:
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=len(HEADER))
    table.style = "Table Grid"  # ruled, as disclosures print their tables
    for row in [HEADER, *ROWS, SIGN_OFF]:
        cells = table.add_row().cells
        for cell, text in zip(cells, row + [""] * (len(HEADER) - len(row))):
            cell.text = text
    for line in AFTER:
        document.add_paragraph(line)
    document.save(path.with_suffix(".docx"))
    return path.with_suffix(".docx")


def _xlsx(path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in [[t] for t in TITLE] + [HEADER, *ROWS, SIGN_OFF] + [[t] for t in AFTER]:
        sheet.append(row)
    book.save(path.with_suffix(".xlsx"))


def _html(path: Path) -> None:
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in [HEADER, *ROWS, SIGN_OFF])
    body = "".join(f"<p>{t}</p>" for t in TITLE) + f"<table>{rows}</table>" + "".join(f"<p>{t}</p>" for t in AFTER)
    page = f'<html><head><meta charset="gbk"></head><body>{body}</body></html>'
    path.with_suffix(".html").write_bytes(page.encode("gbk"))


def _stored_text(db_path: Path) -> str:
    """Every text value in every table of the database, the FTS indexes included."""
    db = sqlite3.connect(db_path)
    out = []
    for (table,) in db.execute("select name from sqlite_master where type = 'table'"):
        if table.endswith(("_data", "_idx", "_docsize", "_config", "_content")):
            continue
        for row in db.execute(f"select * from [{table}]"):
            out.extend(str(v) for v in row if v is not None)
    return "\n".join(out)


def _assert_nothing_personal(data: Path, tmp_path: Path) -> None:
    report = build(data, tmp_path / "kb.db", log=lambda m: None, warn=lambda m: None)
    stored = _stored_text(tmp_path / "kb.db")
    assert report.indicators == 2 * len(list(data.iterdir()))  # the tables were read up to the 填表人 row,
    assert "群众满意度" in stored  # which is recorded as a problem, not dropped
    for secret in NAMES + PHONES + ("13822223333", "2222 3333"):
        assert secret not in stored, secret
    assert "负责人员培训覆盖率" in stored  # an indicator whose name starts like a label is kept


@pytest.mark.parametrize(
    "make", [_text_tabs, _text_pipes, _text_cells, _docx, _xlsx, _html], ids=lambda f: f.__name__.strip("_")
)
def test_no_name_or_phone_is_stored(make, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    make(data / "doc")
    _assert_nothing_personal(data, tmp_path)


@pytest.mark.slow
def test_no_name_or_phone_is_stored_from_pdf(tmp_path):
    """The PDF an office exports from the Word file (LibreOffice, installed by test.sh)."""
    data = tmp_path / "data"
    data.mkdir()
    source = _docx(tmp_path / "doc")
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(data), str(source)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    _assert_nothing_personal(data, tmp_path)


@pytest.mark.parametrize(
    "text",
    [
        "单位负责人：张二甲\t财务负责人：李二乙",
        "负责人:\t\t张二甲\t\t经办人:\t\t李二乙",
        "负 责 人：张二甲",
        "项目联系人：张二甲",
        "审核：张二甲",
        "分管领导：张二甲",
        "（联系人：张二甲，电话：13810101010）",
        "填报人\n张二甲",
        "+86 138 2222 3333",
        "138-2222-3333",
        "(0372)5555555",
        "0372 3333333",
        "0372-1234567",
    ],
)
def test_redaction_masks_names_and_phones(text):
    assert not any(s in redact(text) for s in ("张二甲", "李二乙", "2222", "5555555", "3333333", "1234567", "1010"))


@pytest.mark.parametrize(
    "text",
    [
        "负责人员培训覆盖率",
        "≥1000人",
        "2024年12月31日",
        "预算 13,800,000 元",
        "0.95",
        "13010024P00971210126E",
        "项目编码 130100241381234567801",
    ],
)
def test_redaction_leaves_indicator_text_alone(text):
    assert redact(text) == text
