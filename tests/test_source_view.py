"""Provenance: every row links back to where it came from, in any format, under any file name,
from the folder the database was built from and only while the file is what was built."""

from __future__ import annotations

import shutil
import sqlite3
import urllib.parse

import pytest
import yaml
from conftest import DATA, FIXTURES, ROOT, get

from perfkb.build import build

SEED = DATA / "003_8b9d4629dd67c2d7.txt"


def _app(data, db_path):
    from datasette.app import Datasette

    build(data, db_path, log=lambda m: None, warn=lambda m: None)
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    return Datasette(immutables=[str(db_path)], metadata=metadata, plugins_dir=str(ROOT / "plugins"))


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """Documents under awkward names, in several encodings and formats, built from a folder that
    is not the repository's data/."""
    folder = tmp_path_factory.mktemp("elsewhere")
    data = folder / "docs"
    (data / "子目录").mkdir(parents=True)
    text = SEED.read_text(encoding="utf-8")
    (data / "曲阳县2024年部门预算.txt").write_text(text, encoding="gb18030")
    (data / "a b#c?.txt").write_text(text.replace("曲阳县", "望都县"), encoding="utf-16")
    contact = text.replace("\t一级指标", "\t联系人：\n\t张二甲\n\n\t一级指标", 1)
    (data / "子目录" / "联系.txt").write_text(contact.replace("曲阳县", "唐县"), encoding="utf-8")
    shutil.copy(FIXTURES / "formats" / "projects.docx", data / "项目表.docx")
    db_path = folder / "kb.db"
    return _app(data, db_path), data, sqlite3.connect(db_path)


def _link(db, source_file):
    line, ident = db.execute(
        "select source_line, id from indicators where source_file = ? order by id limit 1", [source_file]
    ).fetchone()
    return line, ident, "/-/source/" + urllib.parse.quote(source_file)


@pytest.mark.parametrize("name", ["曲阳县2024年部门预算.txt", "a b#c?.txt", "子目录/联系.txt"])
def test_text_sources_open_under_any_name_and_encoding(served, name):
    ds, _, db = served
    line, _, path = _link(db, name)
    page = get(ds, f"{path}?line={line}")
    assert page.status_code == 200, page.text[:200]
    assert 'class="hit"' in page.text and "一级指标" in page.text  # decoded, not mojibake
    assert "\x00" not in page.text


def test_a_name_on_the_line_after_its_label_is_masked(served):
    ds, _, db = served
    line, _, path = _link(db, "子目录/联系.txt")
    page = get(ds, f"{path}?line={line}").text
    assert "联系人" in page and "张二甲" not in page


def test_a_word_document_shows_its_extracted_table_and_the_original(served):
    ds, data, db = served
    _, ident, path = _link(db, "项目表.docx")
    page = get(ds, f"{path}?id={ident}").text
    assert f'id="I{ident}" class="hit"' in page and "table 1, row" in page and "下载原件" in page
    original = get(ds, "/-/original/" + urllib.parse.quote("项目表.docx"))
    assert original.status_code == 200 and original.content == (data / "项目表.docx").read_bytes()
    # the row page and the search page link there too
    row = get(ds, f"/kb/indicators/{ident}").text
    assert f"{path}?id={ident}" in row


def test_a_changed_file_is_not_shown_as_if_it_were_the_one_built(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(SEED, data / "doc.txt")
    ds = _app(data, tmp_path / "kb.db")
    (data / "doc.txt").write_text("完全不同的文件\n" * 100, encoding="utf-8")
    page = get(ds, "/-/source/doc.txt?line=5").text
    assert "完全不同的文件" not in page and "内容已改变" in page
    assert get(ds, "/-/original/doc.txt").status_code == 404


@pytest.mark.parametrize("path", ["/-/source/..%2F..%2Fetc%2Fpasswd", "/-/source/nope.txt", "/-/original/nope.txt"])
def test_unknown_files_are_404(served, path):
    assert get(served[0], path).status_code == 404


@pytest.mark.parametrize("query", ["line=x", "id=9223372036854775808", "line=1e9"])
def test_bad_arguments_are_400(served, query):
    assert (
        get(served[0], "/-/source/" + urllib.parse.quote("曲阳县2024年部门预算.txt") + "?" + query).status_code == 400
    )
