"""Every seed document, table by table, against hand-checked fixtures in tests/fixtures.

A fixture lists each project's table as printed in the seed text: name, code, budget and
every indicator row (line, 一级, 二级, 三级, 指标值 (年度), 实施期值, 绩效指标描述, 指标值确定依据).
"""

import json
from functools import cache

import pytest
from conftest import DATA, FIXTURES

from perfkb.reading import read_lines
from perfkb.rows import reconstruct_rows
from perfkb.walk import extract_document

SEEDS = sorted(p.stem for p in FIXTURES.glob("*.json"))


@cache
def extracted(seed: str):
    return extract_document(reconstruct_rows(read_lines(DATA / f"{seed}.txt")))


@cache
def expected(seed: str) -> list[dict]:
    return json.loads((FIXTURES / f"{seed}.json").read_text(encoding="utf-8"))


def test_all_five_seeds_have_fixtures():
    assert len(SEEDS) == 5
    assert {p.stem for p in DATA.glob("*.txt")} == set(SEEDS)


@pytest.mark.parametrize("seed", SEEDS)
def test_projects_in_order_with_indicator_counts(seed):
    got = [(p.name, len(p.indicators)) for p in extracted(seed).projects]
    want = [(p["name"], len(p["indicators"])) for p in expected(seed)]
    assert got == want


@pytest.mark.parametrize("seed", SEEDS)
def test_no_unplaced_rows_in_seeds(seed):
    assert extracted(seed).problems == []


TABLES = [(seed, i) for seed in SEEDS for i in range(len(expected(seed)))]


@pytest.mark.parametrize("seed,index", TABLES, ids=[f"{s[:3]}-{expected(s)[i]['name']}" for s, i in TABLES])
def test_table_rows_exactly(seed, index):
    want = expected(seed)[index]
    project = extracted(seed).projects[index]
    assert project.name == want["name"]
    assert project.code == want["code"]
    assert project.budget_wan == want["budget_wan"]
    assert project.is_department_wide == want["department_wide"]
    assert project.goal == want["goal"]
    rows = [
        [i.source_line, i.level1, i.level2, i.level3, i.value, i.value_period, i.description, i.basis]
        for i in project.indicators
    ]
    assert rows == want["indicators"]


def test_total_indicator_count():
    assert sum(len(p.indicators) for s in SEEDS for p in extracted(s).projects) == 834


# Spot checks of the traps named in the issue, so a regression says which one broke.


def _find(seed, level3, line=None):
    return [
        i
        for p in extracted(seed).projects
        for i in p.indicators
        if i.level3 == level3 and (line is None or i.source_line == line)
    ]


def test_anyang_rows_before_project_name_row_belong_to_that_project():
    project = next(p for p in extracted("000_0cd1517630c89228").projects if p.name.startswith("市区及各县"))
    assert project.indicators[0].level3 == "市区考场按提供服务考试人次付费"
    assert project.indicators[0].source_line < project.source_line


def test_anyang_shifted_pair_keeps_its_category():
    (row,) = _find("000_0cd1517630c89228", "行驶证现场发放率")
    assert row.level1 == "产出指标" and row.value == "100%"


def test_shijiazhuang_row_split_by_page_break_is_merged_back():
    (row,) = _find("001_a85e25e141ac0509", "服务对象满意度", 708)
    assert row.description.endswith("好处，满意程度")
    assert row.basis == "群众调查问卷"


def test_jiyuan_level1_printed_mid_span_is_resolved_by_vocabulary():
    rows = _find("002_94b6ab0ece475523", "辅警人员满意度")
    assert [(r.level1, r.level2) for r in rows] == [("效果目标", "满意度")]
    first = _find("002_94b6ab0ece475523", "预算执行率", 521)
    assert first[0].level1 == "投入与目标管理"


def test_luliang_period_and_annual_values_side_by_side():
    (row,) = _find("004_f7fdd2fc2ebcef30", "施划标线")
    assert (row.value_period, row.value) == ("≥6000米", "≥5000米")
    (shifted,) = _find("004_f7fdd2fc2ebcef30", "城市品质")
    assert (shifted.level2, shifted.value_period, shifted.value) == ("社会效益指标", "提高60%", "提高50%")


def test_quyang_docx_cells_one_per_line():
    rows = _find("003_8b9d4629dd67c2d7", "服务对象满意度")
    assert rows[0].description == "来办理业务群众对交警服务窗口的满意度"
