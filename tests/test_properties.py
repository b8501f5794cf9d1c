"""Property-based checks: the value parser and the table-row pipeline never crash or lose a row."""

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from perfkb.cells import LEVEL1, LEVEL2, classify_row
from perfkb.rows import is_cell_per_line, reconstruct_rows
from perfkb.values import parse_value
from perfkb.walk import extract_document

CELLS = st.sampled_from(
    [
        "",
        "",
        "产出指标",
        "效益指标",
        "满意度指标",
        "成本指标",
        "数量指标",
        "质量指标",
        "社会效益指标",
        "服务对象满意度指标",
        "数量",
        "满意度",
        "验收合格率",
        "群众满意度",
        "交通违法行为下降率",
        "设备数量",
        "≥90%",
        "100%",
        "≤200万元",
        "及时",
        "较上年有所提升",
        "2024年9月",
        "合格",
        "年度工作计划",
        "反映设备验收合格情况",
        '"',
        "*",
        "NEAR(",
        "12123",
    ]
)


@settings(derandomize=True)  # the same examples every run: CI stays deterministic
@given(st.text(max_size=40))
def test_value_parser_never_crashes(text):
    value = parse_value(text)
    assert value.kind in ("", "定量", "定性")
    assert (value.num is None) or value.kind == "定量"


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30), max_size=30))
def test_row_reconstruction_keeps_every_non_blank_line(lines):
    lines = [line.replace("\n", " ").replace("\r", " ") for line in lines]
    rows = reconstruct_rows(lines)
    kept = "".join("".join(r.cells) for r in rows if r is not None)
    for line in lines:
        for piece in line.replace("\t", " ").split():
            assert piece.replace("#", "") in kept.replace("#", "") or "[bookmark:" in line


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.lists(CELLS, min_size=2, max_size=9), min_size=1, max_size=15))
def test_every_table_row_becomes_an_indicator_a_heading_or_a_problem(body):
    # Table rows are tab-separated lines (a line without a tab is text and ends a table).
    header = "一级指标\t二级指标\t三级指标\t绩效指标描述\t指标值\t指标值确定依据"
    lines = ["项目名称\t测试项目", header] + ["\t".join(cells) for cells in body]
    assume(not is_cell_per_line(lines))
    # No blank rows: a blank line is a possible page break, after which a text-only row right of
    # the 三级指标 column is merged into the row above (tested on the seeds instead).
    assume(all(any(cells) for cells in body))
    result = extract_document(reconstruct_rows(lines))
    placed = {i.source_line for p in result.projects for i in p.indicators}
    placed |= {p.source_line for p in result.problems}
    for number, cells in enumerate(body, start=3):
        filled = [(i, c) for i, c in enumerate(cells) if c]
        if not filled or set(classify_row(filled)) <= {LEVEL1, LEVEL2}:
            continue  # blank, or a heading row that only carries categories
        assert number in placed, lines[number - 1]
