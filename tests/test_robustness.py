"""Bad input: every case gives a clear problem naming the file, and the rest is still built."""

import shutil
import sqlite3

import pytest
from conftest import DATA, FIXTURES

from perfkb.build import build
from perfkb.reading import ReadError, decode_text, read_lines
from perfkb.rows import reconstruct_rows
from perfkb.simplify import simplify_lines
from perfkb.walk import extract_document

SEED = DATA / "001_a85e25e141ac0509.txt"
DOCX_SEED = DATA / "003_8b9d4629dd67c2d7.txt"
REALWORLD = FIXTURES / "realworld"


def indicators_of_text(text: str):
    result = extract_document(reconstruct_rows(text.split("\n")))
    return [
        (p.name, i.source_line, i.level1, i.level2, i.level3, i.value, i.description, i.basis)
        for p in result.projects
        for i in p.indicators
    ], result.problems


@pytest.mark.parametrize("seed", [SEED, DOCX_SEED])
@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_other_encodings_give_the_same_indicators(seed, encoding, tmp_path):
    original = seed.read_text(encoding="utf-8")
    copy = tmp_path / seed.name
    copy.write_bytes(original.encode(encoding))
    assert indicators_of_text("\n".join(read_lines(copy))) == indicators_of_text(original)


def test_gbk_proper():
    text = "项目名称\t办公设备购置\n一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t购置数量\t≤10台"
    assert decode_text(text.replace("≤", "<").encode("gbk")) == text.replace("≤", "<")


def test_windows_line_endings_and_odd_spaces_do_not_change_rows():
    original = SEED.read_text(encoding="utf-8")
    noisy = original.replace("\n", "\r\n").replace("产出指标\t", "产出指标\u3000\t").replace("\t≥", "\t\u00a0≥")
    noisy = noisy.replace("绩效目标表", "绩效目标表\x07")
    assert indicators_of_text(decode_text(noisy.encode("utf-8"))) == indicators_of_text(original)


def test_what_a_web_page_leaves_in_its_text_reads_as_the_page_shows_it(tmp_path):
    # HTML character references (&nbsp; between cells, &ge; for ≥), full-width pipes and digits
    # (７７台), and characters that print nothing inside words (指\u200b标): the same rows, on the
    # same lines
    piped = REALWORLD / "huangshan_gaj_xueliang_2025.txt"
    original = piped.read_text(encoding="utf-8")
    noisy = original.replace(" | ", " &nbsp;| ").replace("≥", "&ge;").replace("|", "｜")
    noisy = noisy.replace("指标", "指\u200b标").replace("满意度", "满\u00ad意度").replace("77台", "７７台")
    assert noisy != original and "&#10;" not in noisy
    copy = tmp_path / piped.name
    copy.write_text(noisy + "\n注&#10;以上为目标", encoding="utf-8")
    clean = tmp_path / "clean.txt"
    clean.write_text(original + "\n注 以上为目标", encoding="utf-8")
    rows, _ = indicators_of_text("\n".join(read_lines(copy)))
    assert rows and rows == indicators_of_text("\n".join(read_lines(clean)))[0]


def test_full_width_figures_and_signs_read_as_ascii(tmp_path):
    # a page typed with a full-width input method: ２２．５, ＝１００％, ≤５元／人, ＜＞
    wide = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "0123456789.%<=>/+-"})
    read = 0
    for page in sorted(REALWORLD.glob("*.txt")):
        original = page.read_text(encoding="utf-8")
        clean, noisy = tmp_path / "clean.txt", tmp_path / page.name
        clean.write_text(original, encoding="utf-8")
        noisy.write_text(original.translate(wide), encoding="utf-8")
        want, _ = indicators_of_text("\n".join(read_lines(clean)))
        assert indicators_of_text("\n".join(read_lines(noisy)))[0] == want, page.name
        read += len(want)
    assert read > 80


def test_markup_a_page_saved_as_text_kept_reads_as_its_cells(tmp_path):
    # a line break inside a cell (指<br>标) joins it; a row printed as <tr><td>…</td></tr> is
    # the row its cells make; the rows stay on their lines
    page = REALWORLD / "xiaoxian_zhangzhuangzhai_tezhongyang_2023.txt"
    original = page.read_text(encoding="utf-8")
    lines = []
    for line in original.replace("指标", "指<br>标").replace("满意度", "满意<BR/>度").split("\n"):
        cells = [c.strip() for c in line.split("|")] if line.rstrip().endswith("||") else None  # whole rows
        lines.append("<tr><td>" + "</td><td>".join(filter(None, cells)) + "</td></tr>" if cells else line)
    marked = tmp_path / page.name
    marked.write_text("\n".join(lines), encoding="utf-8")
    got, _ = indicators_of_text("\n".join(read_lines(marked)))
    want, _ = indicators_of_text("\n".join(read_lines(page)))
    assert len(want) > 5 and got == want


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"%PDF-1.7\n\x00\x00\x01\x02\x03binary\x00stream", "binary"),
        (bytes(range(256)) * 20, "binary"),
    ],
)
def test_unreadable_input_is_a_clear_error(data, message):
    with pytest.raises(ReadError, match=message):
        decode_text(data)


def test_unsupported_file_type(tmp_path):
    path = tmp_path / "budget.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(ReadError, match="unsupported file type .pdf"):
        read_lines(path)


def test_document_cut_off_inside_a_table_keeps_rows_and_reports_the_cut():
    lines = SEED.read_text(encoding="utf-8").split("\n")
    cut = lines[:543] + ["\t成本指标\t预算控制"]  # project 1's rows, then a row cut mid-way
    indicators, problems = indicators_of_text("\n".join(cut))
    assert [i[4] for i in indicators] == ["设备验收合格率", "购置数量", "支付及时率"]  # the half row is not kept
    assert [(p.kind, p.source_line) for p in problems] == [("truncated", 544)]
    assert "预算控制" in problems[0].raw


def test_disclosure_without_tables_is_zero_indicators_reported(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "notes.txt").write_text(
        "2024年度某县财政局部门预算公开\n一、主要职责\n负责全县财政工作。\n", encoding="utf-8"
    )
    shutil.copy(DOCX_SEED, data)
    report = build(data, tmp_path / "kb.db", log=lambda m: None, warn=lambda m: None)
    assert (report.documents, report.indicators) == (2, 19)
    db = sqlite3.connect(tmp_path / "kb.db")
    assert db.execute("select n_indicators from documents where source_file = 'notes.txt'").fetchone() == (0,)
    assert db.execute("select kind from problems where source_file = 'notes.txt'").fetchall() == [
        ("no_indicator_tables",)
    ]


def test_rebuild_gives_the_same_rows_with_the_same_ids(tmp_path, seed_db):
    again = tmp_path / "again.db"
    build(DATA, again, log=lambda m: None, warn=lambda m: None)
    dumps = []
    for path in (seed_db, again):
        db = sqlite3.connect(path)
        dumps.append(
            [
                db.execute(f"select * from {t} order by id").fetchall()
                for t in ("documents", "projects", "indicators", "problems")
            ]
        )
    assert dumps[0] == dumps[1]


def test_killed_build_leaves_the_previous_database_untouched(tmp_path, seed_db):
    import signal
    import subprocess
    import sys
    import time

    from conftest import ROOT

    data = tmp_path / "data"
    data.mkdir()
    for n in range(60):  # distinct copies, so none is skipped as a duplicate
        for seed in DATA.glob("*.txt"):
            (data / f"{n:02d}_{seed.name}").write_text(
                seed.read_text(encoding="utf-8") + f"\n副本 {n}\n", encoding="utf-8"
            )
    db_path = tmp_path / "kb.db"
    shutil.copy(seed_db, db_path)
    before = db_path.read_bytes()
    process = subprocess.Popen(
        [sys.executable, "-u", str(ROOT / "build_db.py"), "--data", str(data), "--db", str(db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout.readline().startswith("[1/300]")  # it is well under way
    time.sleep(0.5)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL  # killed, not finished
    assert db_path.read_bytes() == before
    assert sqlite3.connect(db_path).execute("pragma integrity_check").fetchone() == ("ok",)


def _tables(path) -> list:
    db = sqlite3.connect(path)
    return [
        db.execute(f"select * from {t} order by 1").fetchall()
        for t in (
            "documents",
            "projects",
            "indicators",
            "problems",
            "families",
            "indicator_names",
            "build_info",
            "indicators_fts",
            "projects_fts",
            "indicator_names_fts",
        )
    ]


def test_incremental_rebuild_updates_only_the_changed_file(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "0_empty.txt").write_bytes(b"")  # a problem from a file that does not change
    cache, db = tmp_path / "cache", tmp_path / "kb.db"
    logs: list[str] = []
    quiet = {"log": logs.append, "warn": lambda m: None}

    assert build(data, db, cache_dir=cache, **quiet).parsed == 5
    changed = data / "003_8b9d4629dd67c2d7.txt"
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("≥1000次", "≥1200次").replace("群众满意度", "服务对象满意度"),
        encoding="utf-8",
    )
    logs.clear()
    assert build(data, db, cache_dir=cache, **quiet).parsed == 1
    assert "incremental: 1 of 5 documents changed, the rest kept" in logs
    build(data, tmp_path / "full.db", **quiet)  # no cache: everything parsed, a new file
    assert _tables(db) == _tables(tmp_path / "full.db")
    assert ("≥1200次",) in sqlite3.connect(db).execute("select value from indicators").fetchall()


@pytest.mark.parametrize("change", ["new file", "now unreadable", "now a duplicate"])
def test_rebuild_falls_back_to_a_full_build_when_ids_would_move(tmp_path, change):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    cache, db = tmp_path / "cache", tmp_path / "kb.db"
    logs: list[str] = []
    quiet = {"log": logs.append, "warn": lambda m: None}
    build(data, db, cache_dir=cache, **quiet)
    if change == "new file":
        shutil.copy(DOCX_SEED, data / "001_a_new_copy.txt")
        (data / "001_a_new_copy.txt").write_text(DOCX_SEED.read_text(encoding="utf-8") + "\n新增\n", encoding="utf-8")
    elif change == "now unreadable":
        (data / "002_94b6ab0ece475523.txt").write_bytes(b"")
    else:
        shutil.copy(DOCX_SEED, data / "002_94b6ab0ece475523.txt")
    logs.clear()
    build(data, db, cache_dir=cache, **quiet)
    assert not any(line.startswith("incremental:") for line in logs)
    build(data, tmp_path / "full.db", **quiet)
    assert _tables(db) == _tables(tmp_path / "full.db")


def test_very_large_file_builds_with_memory_bounded_by_the_file(tmp_path):
    """A 10 MB disclosure (one seed's tables 108 times over) builds whole; the build's peak memory
    stays under 40x the file (measured: ~23x for 10 and 30 MB, so it grows with the largest
    file, not with the corpus)."""
    import subprocess
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "bench"))
    from measure import run_measured

    data = tmp_path / "data"
    data.mkdir()
    text = SEED.read_text(encoding="utf-8")
    big = data / "big.txt"
    big.write_text("".join(f"{text}\n副本 {n}\n" for n in range(108)), encoding="utf-8")
    size = big.stat().st_size
    assert size > 10_000_000
    _, peak = run_measured(
        [
            sys.executable,
            str(ROOT / "build_db.py"),
            "--data",
            str(data),
            "--db",
            str(tmp_path / "kb.db"),
            "--no-cache",
            "--workers",
            "1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert sqlite3.connect(tmp_path / "kb.db").execute("select count(*) from indicators").fetchone() == (108 * 228,)
    assert peak < 40 * size, f"peak {peak / 2**20:.0f} MiB for a {size / 2**20:.0f} MiB file"


def test_a_glued_page_a_line_indented_reads_as_unindented(tmp_path):
    # a document-sharing site's pages (1、… 2、…), each line indented by the mirror
    page = FIXTURES / "realworld5" / "hengshan_lsj_chubeiliang_2020.txt"
    indented = tmp_path / page.name
    indented.write_text("\n".join(f"  {line}  " for line in page.read_text(encoding="utf-8").split("\n")))
    want, _ = indicators_of_text("\n".join(read_lines(page)))
    assert len(want) > 10 and indicators_of_text("\n".join(read_lines(indented)))[0] == want


@pytest.mark.parametrize("number", ["- 3 -", "— 3 —", "第 3 页", "3/9"])
def test_a_pdfs_page_numbers_between_rows_are_no_rows(number):
    original = SEED.read_text(encoding="utf-8")
    paged = original.replace("\n产出指标\t", f"\n{number}\n产出指标\t")
    assert paged.count(number) > 5

    def without_lines(text):
        return [row[:1] + row[2:] for row in indicators_of_text(text)[0]]

    assert without_lines(paged) == without_lines(original)


@pytest.mark.parametrize(
    "page",
    [
        "realworld7/yunnan_changning_gxs_shengzhu_2022.txt",  # a cell a line
        "realworld5/luan_jinan_tiyu_wangqiu_2025.txt",  # a cell a line, each ended by '|'
        "realworld/yueyangxian_nyj_gaobiaozhun_2022.txt",
        "realworld/dongguan_jiaotong_2019.txt",  # a row a line
    ],
)
def test_a_pdfs_page_header_anywhere_is_no_line_of_the_text(page):
    # a PDF's text keeps its page header wherever the page broke: between a row's cells (a cell a
    # line), between a row's lines. The rows read as without it, each at its own line in the file.
    original = (FIXTURES / page).read_text(encoding="utf-8").split("\n")
    paged, moved = [], []
    for k, line in enumerate(original):
        if k and k % 6 == 0:
            paged.append(["第 {} 页 共 9 页", "- {} -", "共9页 第{}页"][k % 3].format(k // 6))
        moved.append(len(paged) + 1)
        paged.append(line)
    want, _ = indicators_of_text("\n".join(original))
    got, _ = indicators_of_text("\n".join(paged))
    assert len(want) >= 5
    assert [row[:1] + row[2:] for row in got] == [row[:1] + row[2:] for row in want]
    assert [row[1] for row in got] == [moved[row[1] - 1] for row in want]


def test_category_labels_spaced_out_read_as_the_labels():
    # 产 出 指 标 where spaces separate cells would be four cells; a label of the vocabulary
    # spaced out is read whole, and stored as the label
    page = FIXTURES / "realworld9" / "ningxia_wuzhong_tongxin_nongyenongcunju_sheshinongye_peixun_2025.txt"
    original = page.read_text(encoding="utf-8")
    spaced = original.replace("产出指标", "产 出 指 标").replace("数量指标", "数 量 指 标")
    assert spaced != original
    want, _ = indicators_of_text("\n".join(simplify_lines(original.split("\n"))))
    assert len(want) > 5 and indicators_of_text("\n".join(simplify_lines(spaced.split("\n"))))[0] == want


def test_a_page_with_a_blank_line_after_every_line_reads_as_without_them():
    # each line a paragraph of the page: the blank lines separate nothing (a row's lines, a
    # cell a line), and every row keeps its line in the file
    page = FIXTURES / "realworld12" / "guangxi_wuzhou_unk_yingjiyunwei_2024.txt"
    original = page.read_text(encoding="utf-8")
    want, _ = indicators_of_text(original)
    got, _ = indicators_of_text(original.replace("\n", "\n\n"))
    assert len(want) >= 5
    assert [row[:1] + row[2:] for row in got] == [row[:1] + row[2:] for row in want]
    assert [row[1] for row in got] == [2 * row[1] - 1 for row in want]


def test_row_after_a_page_break_in_a_table_without_target_columns_is_kept():
    """A table naming only 三级指标 and 实际完成值: a row after a page break holding text right of
    the name was taken for the cut row's rest, with no column to put it in (min() of nothing
    stopped the build). It is read as the other rows under an indicator are: here a value the
    row above spilled."""
    from perfkb.extract import TableParse
    from perfkb.models import Row
    from perfkb.tables import Layout

    table = TableParse(Layout(((0, "L1"), (1, "L2"), (2, "L3"), (3, "ACTUAL"))))
    table.add(Row(1, ["产出指标", "数量指标", "培训人次", "120人"]))
    table.page_break()
    table.add(Row(2, ["", "", "", "已完成"]))
    assert [(e.indicator.level3, e.indicator.value, e.indicator.actual) for e in table.entries] == [
        ("培训人次", "已完成", "120人")
    ]


def test_pdf_error_without_arguments_is_still_named():
    """An error raised without arguments inside the PDF reader (StopIteration()) broke the
    message naming the unreadable file (IndexError on its args)."""
    from perfkb.readers.pdf import _why_unreadable

    assert _why_unreadable(StopIteration()) == "not a readable PDF (StopIteration: )"
