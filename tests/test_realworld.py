"""Real disclosures from ten other provinces (tests/fixtures/realworld: excerpts as web mirrors
keep them, each with a hand-checked gold TSV), and the seed's tables flattened the ways those
pages flatten them, which must extract as the seed itself does."""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from pathlib import Path

import opencc
import pytest
from conftest import DATA, FIXTURES, ROOT

from perfkb.models import Row
from perfkb.prepare import INDICATOR_COLUMNS, prepare_document
from perfkb.rows import reconstruct_rows
from perfkb.simplify import simplify_lines
from perfkb.walk import extract_document

sys.path.insert(0, str(ROOT / "bench"))
from gold import category as _category  # noqa: E402
from gold import gold_tables as _gold_tables  # noqa: E402
from gold import norm as _norm  # noqa: E402
from gold import score_document  # noqa: E402
from gold import value_key as _value_key  # noqa: E402

REALWORLD = FIXTURES / "realworld"


def _score(path: Path) -> Counter:
    return score_document(path, path.with_suffix(".tsv"))


def _pooled(folder: Path) -> Counter:
    """The counts of every document in a folder, summed."""
    return sum((_score(path) for path in folder.glob("*.txt")), Counter())


@pytest.mark.parametrize("path", sorted(REALWORLD.glob("*.txt")), ids=lambda p: p.stem)
def test_real_document_extracts_its_gold_rows(path):
    found = _score(path)
    # every document on its own: a template that stops being read fails here by name
    assert found["matched"] >= 0.8 * found["gold"], found
    assert found["matched"] >= 0.8 * found["extracted"], found


def test_real_documents_pooled_meet_the_targets():
    total = _pooled(REALWORLD)
    assert total["matched"] / total["gold"] >= 0.95, total
    assert total["matched"] / total["extracted"] >= 0.95, total
    assert total["levels_right"] / total["matched"] >= 0.95, total


# The seed 001 tables, flattened the ways web pages and previews flatten tables.
SEED = DATA / "001_a85e25e141ac0509.txt"
_PROJECTS = 4  # enough tables to cross project boundaries, few enough to stay quick


def _seed_tables() -> list[tuple[str, list[list[str]]]]:
    """(project, rows of [一级, 二级, 三级, 指标值]) as the seed's own extraction reads them."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    projects = extract_document(reconstruct_rows(lines)).projects[:_PROJECTS]
    return [(p.name, [[i.level1, i.level2, i.level3, i.value] for i in p.indicators]) for p in projects]


def _merged(rows: list[list[str]]) -> list[list[str]]:
    """Merged 一级/二级 cells: printed on the first row of their span only."""
    out, above = [], ["", ""]
    for row in rows:
        shown = [c if c != above[k] else "" for k, c in enumerate(row[:2])]
        above = row[:2]
        out.append(shown + row[2:])
    return out


HEADER = ["一级指标", "二级指标", "三级指标", "指标值"]


def _pipes(table: list[list[str]]) -> list[str]:
    """A row per line, cells ended by ' | ', padded with a run of '|' (a web page as text)."""
    return [" | ".join(c for c in row if c) + " | ||||" for row in table]


def _cell_per_line_pipes(table: list[list[str]]) -> list[str]:
    """Every cell on a line of its own ending ' |'; a row ends with an empty cell run."""
    return [line for row in table for line in [f"{c} |" for c in row if c][:-1] + [f"{[c for c in row if c][-1]} | ||"]]


def _blank_separated(table: list[list[str]]) -> list[str]:
    """One cell per line with a blank line between cells (merged cells print once)."""
    return [line for row in table for c in row if c for line in (c, "")]


def _spaces(table: list[list[str]]) -> list[str]:
    """Cells separated by single spaces (a spreadsheet saved as text)."""
    return [" ".join(c for c in row if c) for row in table]


def _glued(table: list[list[str]]) -> list[str]:
    """The whole table in one line with no delimiter at all."""
    return ["".join(c for row in table for c in row)]


def _document(flatten, traditional: bool = False) -> tuple[str, list[tuple[str, list[list[str]]]]]:
    tables = _seed_tables()
    lines = ["石家庄市公安局交通管理局2024年部门预算项目绩效目标表"]
    for name, rows in tables:
        lines += ["", f"项目名称:{name}", ""]
        lines += flatten([HEADER] + _merged(rows))
        lines += ["", "注:以上为本项目绩效目标。"]
    text = "\n".join(lines)
    if traditional:
        text = opencc.OpenCC("s2t").convert(text)
    return text, tables


def _read(text: str) -> list[tuple[str, list[list[str]]]]:
    lines = simplify_lines(text.split("\n"))
    projects = extract_document(reconstruct_rows(lines)).projects
    return [(p.name, [[i.level1, i.level2, i.level3, i.value] for i in p.indicators]) for p in projects]


@pytest.mark.parametrize(
    "flatten", [_pipes, _cell_per_line_pipes, _blank_separated, _spaces], ids=lambda f: f.__name__.strip("_")
)
def test_seed_tables_flattened_like_web_pages_read_back(flatten):
    text, tables = _document(flatten)
    assert _read(text) == tables


def test_seed_tables_glued_into_one_line_read_back_mostly():
    """With no delimiter at all a long phrase value (全年按支付进度支付相应拨款) can be split
    more than one way: most rows must come back exact, and nothing may be invented."""
    text, tables = _document(_glued)

    def rows(projects):
        return [tuple("".join(c.split()) for c in row) for _, table in projects for row in table]

    want, got = rows(tables), rows(_read(text))
    exact = sum(1 for row in got if row in want)
    assert exact >= 0.85 * len(want), (exact, len(want))
    assert exact >= 0.85 * len(got), (exact, len(got))


def test_traditional_characters_with_pinyin_read_as_simplified():
    text, tables = _document(_pipes, traditional=True)
    text = text.replace("指標", "指標(biāo)").replace("項目", "項(xiàng)目")
    assert [rows for _, rows in _read(text)] == [rows for _, rows in tables]


def test_a_row_of_only_labels_and_a_value_names_its_indicator():
    """The 一级 cell merged above: 成本指标 | 社会成本指标 | 定量 | 100 | % (a Hunan 整体 table)."""
    rows = [
        Row(1, ["一级指标", "二级指标", "三级指标", "指标值类型", "指标值", "计量单位"]),
        Row(2, ["产出指标", "质量指标", "业务工作支出到位率", "定量", "100", "%"]),
        Row(3, ["成本指标", "社会成本指标", "定量", "100", "%"]),
    ]
    got = extract_document(rows).projects[0].indicators
    assert [(i.level1, i.level2, i.level3, i.value, i.kind) for i in got] == [
        ("产出指标", "质量指标", "业务工作支出到位率", "100%", "定量"),
        ("产出指标", "成本指标", "社会成本指标", "100%", "定量"),
    ]


def test_sign_off_rows_end_the_table_but_indicator_names_that_start_alike_do_not():
    rows = [
        Row(1, ["一级指标", "二级指标", "三级指标", "指标值"]),
        Row(2, ["产出指标", "数量指标", "负责人员培训覆盖率", "≥95%"]),
        Row(3, ["单位负责人：张二甲", "财务负责人：李二乙", "联系电话：13800000000"]),
        Row(4, ["产出指标", "质量指标", "不应读到", "100%"]),
    ]
    got = extract_document(rows).projects[0].indicators
    assert [i.level3 for i in got] == ["负责人员培训覆盖率"]


def test_one_table_listing_several_projects_splits_at_each_projects_first_row():
    text = "\n".join(
        [
            "2023年项目支出绩效目标表",
            "单位名称 | 项目名称 | 预算数 | 年度目标 | 一级指标 | 二级指标 | 三级指标 | 指标值 | ||",
            "某县交通运输局 | 农村公路养护 | 120 | 完成养护里程 | 产出指标 | 数量指标 | 养护里程 | ≥300公里 | ||",
            "质量指标 | 养护合格率 | ≥95% | ||",
            "满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% | ||",
            "某县交通运输局 | 客运站运营补助 | 35.5 | 保障运营 | 产出指标 | 数量指标 | 补助班次 | 1200次 | ||",
            "效益指标 | 社会效益指标 | 群众出行便利度 | 明显提升 | ||",
        ]
    )
    projects = extract_document(reconstruct_rows(text.split("\n"))).projects
    assert [(p.name, p.budget_wan, [i.level3 for i in p.indicators]) for p in projects] == [
        ("农村公路养护", 120.0, ["养护里程", "养护合格率", "群众满意度"]),
        ("客运站运营补助", 35.5, ["补助班次", "群众出行便利度"]),
    ]
    assert [i.level1 for i in projects[0].indicators] == ["产出指标", "产出指标", "满意度指标"]


def _note_field(note: str, key: str) -> str | None:
    found = re.search(rf"(?:^|;\s*){key}=([^;\s(（]+)", note)
    return found.group(1).strip() if found else None


def test_self_evaluation_tables_keep_actual_weight_and_score():
    """Where the gold notes record what a self-evaluation table reports (actual=…, 权重分值=…,
    得分=…), the row carries it, and the table is a self_evaluation one."""
    checked = 0
    for path in sorted(REALWORLD.glob("*.txt")):
        gold = list(csv.DictReader(path.with_suffix(".tsv").open(encoding="utf-8"), delimiter="\t"))
        rows = {
            _norm(r["level3"]): r for r in (dict(zip(INDICATOR_COLUMNS, r)) for r in prepare_document(path).indicators)
        }
        for want in gold:
            actual = _note_field(want["note"], "actual")
            if actual is None:
                continue
            got = rows[_norm(want["level3"])]
            assert _value_key(got["actual"]) == _value_key(actual), (path.name, want["level3"])
            assert got["table_kind"] == "self_evaluation"
            for key, column in (("权重分值", "weight"), ("得分", "score")):
                if (printed := _note_field(want["note"], key)) is not None:
                    assert got[column] == float(printed), (path.name, want["level3"], column)
            checked += 1
    assert checked >= 8


def test_labels_spaced_out_or_one_character_a_line_and_markdown_rules():
    spaced = ["一级指标 二级指标 三级指标 指标值", "产 出 指 标 数量指标 培训人次 ≥500 人次", "质量指标 合格率 是"]
    got = extract_document(reconstruct_rows(spaced)).projects[0].indicators
    assert [(i.level1, i.level2, i.level3, i.value) for i in got] == [
        ("产出指标", "数量指标", "培训人次", "≥500 人次"),
        ("产出指标", "质量指标", "合格率", "是"),
    ]
    per_char = "一级指标\n\n二级指标\n\n三级指标\n\n指标值\n\n产\n\n出\n\n指\n\n标\n\n数量指标\n\n培训人次\n\n≥500人次"
    got = extract_document(reconstruct_rows(per_char.split("\n"))).projects[0].indicators
    assert [(i.level1, i.level3, i.value) for i in got] == [("产出指标", "培训人次", "≥500人次")]
    markdown = [
        "| 一级指标 | 二级指标 | 三级指标 | 指标值 |",
        "|---|---|---|---|",
        "| 产出指标 | 数量指标 | 培训人次 | ≥500人次 |",
        "| | 质量指标 | 合格率 | 100% |",
        "| 满意度指标 | 服务对象满意度指标 | 满意度 | ≥90% |",
        "| | | 投诉率 | ≤1% |",
    ]
    got = extract_document(reconstruct_rows(markdown)).projects[0].indicators
    assert [(i.level1, i.level2, i.level3) for i in got] == [
        ("产出指标", "数量指标", "培训人次"),
        ("产出指标", "质量指标", "合格率"),
        ("满意度指标", "服务对象满意度指标", "满意度"),
        ("满意度指标", "服务对象满意度指标", "投诉率"),
    ]


def test_a_traditional_character_web_page_is_stored_simplified(tmp_path):
    """Simplification is every reader's (readers/model.py), not the text reader's alone."""
    s2t = opencc.OpenCC("s2t").convert
    rows = [
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "培训人次", "≥500人次"],
        ["", "质量指标", "验收合格率", "100%"],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"],
    ]
    cells = "".join("<tr>" + "".join(f"<td>{s2t(c)}</td>" for c in row) + "</tr>" for row in rows)
    page = f"<html><body><p>{s2t('项目名称：交通安全宣传')}</p><table>{cells}</table></body></html>"
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    got = [dict(zip(INDICATOR_COLUMNS, r)) for r in prepare_document(tmp_path / "page.html").indicators]
    assert [(r["project"], r["level1"], r["level2"], r["level3"]) for r in got] == [
        ("交通安全宣传", "产出指标", "数量指标", "培训人次"),
        ("交通安全宣传", "产出指标", "质量指标", "验收合格率"),
        ("交通安全宣传", "满意度指标", "服务对象满意度指标", "群众满意度"),
    ]


def test_a_mid_term_target_column_named_as_such_is_the_period_value():
    rows = [
        Row(1, ["一级指标", "二级指标", "三级指标", "实施期指标值", "年度指标值"]),
        Row(2, ["产出指标", "数量指标", "改造里程", "≥169公里", "≥60公里"]),
    ]
    got = extract_document(rows).projects[0].indicators
    assert [(i.level3, i.value, i.value_period) for i in got] == [("改造里程", "≥60公里", "≥169公里")]


def test_short_tables_read_too():
    """A page with only a few '|' rows, and a glued table of a few rows, are still tables."""
    piped = [
        "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 | ||",
        "产出指标 | 数量指标 | 培训人次 | ≥500人次 | 520人次 | 10 | 10 | | ||",
        "质量指标 | 合格率 | ≥95% | 92% | 10 | 8 | 部分设备老化 | ||",
    ]
    got = extract_document(reconstruct_rows(piped)).projects[0].indicators
    assert [(i.level3, i.value, i.actual, i.score, i.deviation) for i in got] == [
        ("培训人次", "≥500人次", "520人次", "10", ""),
        ("合格率", "≥95%", "92%", "8", "部分设备老化"),
    ]
    glued = [
        "一级指标二级指标三级指标指标值产出指标数量指标养护里程≥300公里质量指标养护合格率≥95%满意度指标服务对象满意度指标群众满意度≥90%"
    ]
    got = extract_document(reconstruct_rows(glued)).projects[0].indicators
    assert [(i.level2, i.level3, i.value) for i in got] == [
        ("数量指标", "养护里程", "≥300公里"),
        ("质量指标", "养护合格率", "≥95%"),
        ("服务对象满意度指标", "群众满意度", "≥90%"),
    ]


# A second set of real disclosures (tests/fixtures/realworld2, SOURCES.tsv there): collected on
# 2026-11-30 from public pages, hand-labelled without running the parser, and first read by it
# after its labels were written (recall 0.248, precision 0.557 then). Several are still beyond
# the parser (prose targets, one value column per village, glued values and weights); these
# floors keep what it reads now from slipping back, they are not the targets.
REALWORLD2 = FIXTURES / "realworld2"
READ_IN_FULL = [
    "chizhou_tangxi_weituo_2022",  # one line, cells split by single spaces
    "huaibei_wlt_songxi_2025",  # one cell per line ended by ' |'
    "huangshi_dangxiao_zhutiban_2022",  # pipes, merged cells not printed, a label mid-block
    "langfang_shipinxuexiao_nuantong_2019",  # one cell per line, column names broken over lines
    "wuhan_qingshan_jyj_bobaoxuexiao_2020",  # a glued row a line under a glued header
    "xiangtan_huanwei_wupaoche_2023",  # one cell per line, 指标值及单位
    "guangyuan_zhaohua_wjj_tekun_2021",  # spaces, labels broken before 指标
    "anxi_slj_shengji7pi_2022",  # a value column per village: an indicator per village (value_for)
]


# A third set (tests/fixtures/realworld3, 12 documents from 9 provinces, collected and
# hand-labelled the same way after the second set's fixes): first read at recall 0.538,
# precision 0.689 (the code of the session's start read it at 0.538 / 0.667 too). What it
# showed was fixed in general terms; held to the development targets since.
REALWORLD3 = FIXTURES / "realworld3"


@pytest.mark.parametrize("path", sorted(REALWORLD3.glob("*.txt")), ids=lambda p: p.stem)
def test_third_set_document_extracts_its_gold_rows(path):
    found = _score(path)
    assert found["matched"] >= 0.8 * found["gold"], found
    assert found["matched"] >= 0.8 * found["extracted"], found


def test_third_set_pooled_meets_the_targets():
    total = _pooled(REALWORLD3)
    assert total["gold"] == 78
    assert total["matched"] / total["gold"] >= 0.95, total
    assert total["matched"] / total["extracted"] >= 0.95, total
    assert total["levels_right"] / total["matched"] >= 0.95, total


# A fourth set (tests/fixtures/realworld4, 10 documents from 8 provinces, collected the same way
# after the third set's fixes): first read at recall 0.413, precision 0.816 (the session's
# starting code stopped the whole build on one of them). Two are scrambled PDF text and some are
# prose or glued values and scores; the rest are held in full, the set to a floor.
REALWORLD4 = FIXTURES / "realworld4"
READ_IN_FULL_4 = [
    "shizuishan_cdc_yimiao_2020",  # a tree: a label a line, the value under each name
    "suining_anju_scjgj_shipin_2021",  # one cell per line, the 分值 column's name lost
    "suixi_mzj_linshijiuzhu_2019",
    "tianjin_ninghe_jyj_minbanyuan_2020",
    "yongzhou_lingling_lyj_zhengti_2021",  # labels and column names broken over lines
    "qidong_cdc_zhengti_2024",  # a glued row a line under a glued 指标值及单位 header, a long target
]


@pytest.mark.parametrize(
    "path",
    [REALWORLD2 / f"{stem}.txt" for stem in READ_IN_FULL] + [REALWORLD4 / f"{stem}.txt" for stem in READ_IN_FULL_4],
    ids=lambda p: p.stem,
)
def test_documents_of_later_sets_read_in_full(path):
    found = _score(path)
    assert found["matched"] >= 0.85 * found["gold"], found
    assert found["matched"] >= 0.85 * found["extracted"], found
    assert found["levels_right"] >= 0.9 * found["matched"], found


# A fifth set (tests/fixtures/realworld5, 13 documents from 8 provinces, collected the same way
# after the fourth set's fixes). It is the truest held-out figure of this round: first read at
# recall 0.714, precision 0.969 (the session's starting code: 0.504, 0.905). Its glued docx
# text printed a page a line (衡山) is read since pages are joined; a traditional-character
# glued page is not.
REALWORLD5 = FIXTURES / "realworld5"


# A sixth set (tests/fixtures/realworld6, 8 documents, 6 provinces), collected last: mostly
# damaged pages (spreadsheets flattened out of order, OCR, glued digits, fragments without a
# header). First read at recall 0.231, precision 0.429 (the session's starting code: 0.200,
# 0.448). Held to a floor, and every document must parse without a parser defect.
REALWORLD6 = FIXTURES / "realworld6"


# Sets 7 and 8 (tests/fixtures/realworld7, 11 documents from 9 provinces; realworld8, 7 from 6),
# collected the same way in a later session. First read at recall 0.505, precision 0.514 (set 7)
# and 0.404, 0.500 (set 8), the same as that session's starting code. Held to floors.
REALWORLD7 = FIXTURES / "realworld7"
REALWORLD8 = FIXTURES / "realworld8"


# Sets 9 and 10 (realworld9, 6 documents from 4 provinces; realworld10, 7 from 4), collected
# the same way in a later session. First read at recall 0.175, precision 1.000 (set 9: mostly
# targets written as prose, read since by perfkb/prose.py) and 0.744, 0.762 (set 10). Held to floors.
REALWORLD9 = FIXTURES / "realworld9"
REALWORLD10 = FIXTURES / "realworld10"
# Set 11 (realworld11, 10 documents from 6 provinces), found by project topic rather than by
# place: first read at recall 0.456, precision 0.591.
REALWORLD11 = FIXTURES / "realworld11"
# Sets 12 and 13 (realworld12, 8 documents from 7 provinces; realworld13, 7 from 6), found by
# project topic in a later session: first read at recall 0.667, precision 0.895 (set 12) and
# 0.608, 0.403 (set 13: a self-evaluation written as sentences, 目标值200,完成值200,分值10,
# read as 40 indicators named 目标值/完成值/分值/得分).
REALWORLD12 = FIXTURES / "realworld12"
REALWORLD13 = FIXTURES / "realworld13"
# Sets 14 and 15 (realworld14, 6 documents from 6 provinces; realworld15, 4 from 3), the last
# pages the stored corpus still held: first read at recall 0.283, precision 0.867 (set 14) and
# 0.243, 0.900 (set 15), mostly self-evaluations written as sentences with no category printed.
REALWORLD14 = FIXTURES / "realworld14"
REALWORLD15 = FIXTURES / "realworld15"
# Sets 16 and 17 (realworld16, 4 documents from 3 provinces; realworld17, 12 from 7), found by
# project subject and by the kind of body spending (hospitals, schools, bureaus) in a later
# session: first read at recall 0.273, precision 0.500 (set 16) and 0.455, 0.513 (set 17). Set
# 16's 衡阳 page, a department-wide table glued with its budget columns a row a line, is read
# since (5 of its 7 rows; before a name's ending and a number, 安全 is not a target: 开展全院安全排查次数 | 6).
REALWORLD16 = FIXTURES / "realworld16"
REALWORLD17 = FIXTURES / "realworld17"
# Set 18 (realworld18, 4 documents from 3 provinces), what a last search of the stored pages
# still found: first read at recall 0.926, precision 0.758 (a PDF's text with the year's and the
# period's blocks interleaved one cell a line, 东莞 公安局, reads 4 of 10 rows right; two effect
# rows read since a label broken over lines joins, 车辆维护费用减少率 | ≥5%, are real but the gold
# left that block unlabelled as too scrambled, so they count against precision).
REALWORLD18 = FIXTURES / "realworld18"
# Sets 19 and 20 (realworld19, 5 documents from 4 provinces; realworld20, 3 from 2), a later
# search of the stored pages by indicator wording: first read at recall 0.556, precision 0.789
# (set 19) and 0.680, 0.773 (set 20). Still not read: a glued Hunan form whose description is
# glued to the name with nothing to tell where it starts (桃源: the name holds both). An excerpt
# opening mid-table a cell a line with each row's name, target and result the same text (大英
# 河道保洁) is read since its labels open every row at the same distance, and a row filling every
# column keeps its name cell even where it repeats the target (2020年全年。): 5 of 6 rows (the
# sixth's result differs from its target and is read as its name).
REALWORLD19 = FIXTURES / "realworld19"
REALWORLD20 = FIXTURES / "realworld20"


# Each set's floors sit just under its figures of the day it was last worked on.
@pytest.mark.parametrize(
    ("folder", "gold", "recall", "precision"),
    [
        (REALWORLD2, 137, 0.78, 0.88),  # 宁晋's glued name and description read as one name since 2026-12-01
        (REALWORLD4, 75, 0.83, 0.93),
        (REALWORLD5, 133, 0.96, 0.97),
        (REALWORLD6, 65, 0.88, 0.93),  # 梁平: digit runs of reverse indicators read since 2026-12-03
        (REALWORLD7, 109, 0.8, 0.8),
        (REALWORLD8, 47, 0.92, 0.92),
        (REALWORLD9, 40, 0.7, 0.95),
        (REALWORLD10, 43, 0.9, 0.9),
        (REALWORLD11, 57, 0.8, 0.95),  # 宁德: a glued table with no category columns read since 2026-12-03
        (REALWORLD12, 51, 0.98, 0.97),
        (REALWORLD13, 51, 0.92, 0.9),
        (
            REALWORLD14,
            46,
            0.78,
            0.78,
        ),  # 科学城: a scrambled glued self-evaluation read (with OCR garbles) since 2026-12-03
        (REALWORLD15, 37, 0.95, 0.95),
        (REALWORLD16, 11, 0.95, 0.95),
        (REALWORLD17, 44, 0.75, 0.9),  # 银川六中: a scrambled weight column read since 2026-12-03
        (REALWORLD18, 27, 0.95, 0.74),
        (REALWORLD19, 27, 0.9, 0.9),
        (REALWORLD20, 25, 0.9, 0.9),
    ],
    ids=lambda v: v.name if isinstance(v, Path) else None,
)
def test_later_sets_pooled_floor(folder, gold, recall, precision):
    total = _pooled(folder)
    assert total["gold"] == gold
    assert total["matched"] / total["gold"] >= recall, total
    assert total["matched"] / total["extracted"] >= precision, total


def test_no_real_document_meets_a_parser_defect(tmp_path):
    from perfkb.build import prepare_file

    for folder in (
        REALWORLD,
        REALWORLD2,
        REALWORLD3,
        REALWORLD4,
        REALWORLD5,
        REALWORLD6,
        REALWORLD7,
        REALWORLD8,
        REALWORLD9,
        REALWORLD10,
        REALWORLD11,
        REALWORLD12,
        REALWORLD13,
        REALWORLD14,
        REALWORLD15,
        REALWORLD16,
        REALWORLD17,
        REALWORLD18,
        REALWORLD19,
        REALWORLD20,
    ):
        for path in sorted(folder.glob("*.txt")):
            outcome = prepare_file(path, path.name, "0" * 64, None)
            assert outcome.prepared is not None, (path.name, outcome.error)


@pytest.mark.slow
def test_real_documents_cut_anywhere_parse_without_a_defect_or_a_hang(tmp_path):
    """Hidden documents are excerpts cut anywhere, some with their line breaks or spaces lost:
    every real document, cut at random places (a fixed seed) and so damaged, parses without an
    exception and within seconds. This found an endless loop and a row of no cells."""
    import random
    import signal

    from perfkb.build import ParseTimeout, _time_limit
    from perfkb.prepare import prepare_source
    from perfkb.readers.text import read

    rng = random.Random(13)
    path = tmp_path / "cut.txt"
    failures = []
    for document in sorted(FIXTURES.glob("realworld*/*.txt")):
        text = document.read_text(encoding="utf-8")
        for _ in range(5):
            start = rng.randrange(len(text) // 3 + 1)
            piece = text[start : rng.randrange(start + 1, len(text) + 1)]
            piece = piece.replace("\n", " ") if rng.random() < 0.3 else piece
            piece = piece.replace(" ", "") if rng.random() < 0.2 else piece
            path.write_text(piece.strip() or "空", encoding="utf-8")
            try:
                with _time_limit(10):
                    prepare_source(read(path))
            except ParseTimeout:
                failures.append((document.name, start, "endless"))
            except Exception as err:  # noqa: BLE001 - every defect is listed, not only the first
                failures.append((document.name, start, repr(err)))
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert failures == []


def _read_back(flatten, project: str, rows: list[list[str]]) -> Counter:
    """A table flattened, read as a document of its own and matched to its rows as the gold is."""
    lines = ["项目支出绩效目标表", f"项目名称:{project}", *flatten([HEADER] + _merged(rows))]
    got = [i for p in extract_document(reconstruct_rows(simplify_lines(lines))).projects for i in p.indicators]
    pool: dict[tuple[str, str], list] = {}
    for ind in got:
        pool.setdefault((_norm(ind.level3), _value_key(ind.value)), []).append(ind)
    found = Counter(gold=len(rows), extracted=len(got))
    for level1, level2, level3, value in rows:
        candidates = pool.get((_norm(level3), _value_key(value)))
        if candidates:
            ind = candidates.pop(0)
            found["matched"] += 1
            found["levels_right"] += (_category(ind.level1), _category(ind.level2)) == (
                _category(level1),
                _category(level2),
            )
    return found


# Floors a little under what this code reads (2026-12-01, 1,113 rows: recall, precision and levels
# 0.997, 0.997, 0.981 for pipes; 0.977, 0.986, 0.963 a cell per line between blank lines, where a
# name that reads as a value (2020年) is lost; 0.991, 0.991, 0.971 spaces; glued, where with no
# delimiter at all a row can split more than one way, 0.707, 0.696, 0.941 on 2026-12-02, 1,192 rows).
@pytest.mark.parametrize(
    ("flatten", "floor"),
    [
        (_pipes, (0.99, 0.99, 0.97)),
        (_cell_per_line_pipes, (0.99, 0.99, 0.97)),
        (_blank_separated, (0.97, 0.98, 0.95)),
        (_spaces, (0.985, 0.985, 0.96)),
        (_glued, (0.70, 0.69, 0.93)),
    ],
    ids=lambda f: getattr(f, "__name__", "").strip("_") or None,
)
def test_every_real_gold_table_flattened_each_way_reads_back(flatten, floor):
    """The real sets' tables (their names and values, not our seeds') in each flattening the
    pages use: what a layout reader does not generalise shows here, whatever page it came from."""
    total = sum((_read_back(flatten, project, rows) for project, rows in _gold_tables()), Counter())
    recall, precision, levels = floor
    assert total["matched"] >= recall * total["gold"], total
    assert total["matched"] >= precision * total["extracted"], total
    assert total["levels_right"] >= levels * total["matched"], total
