"""Layouts no seed has in exactly this form: the parser must place cells by what they contain."""

import re
import sys

import pytest
from conftest import FIXTURES, ROOT

from perfkb.rows import reconstruct_rows
from perfkb.simplify import simplify_lines
from perfkb.walk import extract_document


def extract(text: str):
    return extract_document(reconstruct_rows(text.split("\n")))


def rows_of(result, index=0):
    return [(i.level1, i.level2, i.level3, i.value) for i in result.projects[index].indicators]


def test_weights_in_labels_and_cells_shifted_both_ways():
    result = extract(
        "\n".join(
            [
                "项目名称\t某县道路维护",
                "一级指标\t二级指标\t三级指标\t指标值",
                "产出指标(50分)\t数量指标\t维护道路里程\t≥120公里",
                "\t\t\t质量指标\t验收合格率\t100%",  # shifted right
                "时效指标\t完成时限\t2025年11月",  # shifted left
                "效益指标(30分)\t社会效益指标\t通行效率\t明显提升",
                "满意度指标\t服务对象满意度指标\t\t群众满意度\t≥90%",
            ]
        )
    )
    assert rows_of(result) == [  # a printed weight is not part of the category label
        ("产出指标", "数量指标", "维护道路里程", "≥120公里"),
        ("产出指标", "质量指标", "验收合格率", "100%"),
        ("产出指标", "时效指标", "完成时限", "2025年11月"),
        ("效益指标", "社会效益指标", "通行效率", "明显提升"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
    ]
    assert result.problems == []


def test_level1_printed_in_the_middle_of_its_merged_span():
    result = extract(
        "\n".join(
            [
                "项目名称\t示例项目",
                "一级指标\t二级指标\t三级指标\t指标值",
                "\t数量指标\t设备数量\t≥10台",
                "产出指标\t质量指标\t合格率\t100%",
                "\t时效指标\t完成及时率\t及时",
                "\t社会效益指标\t事故下降率\t≥5%",
                "效益指标\t可持续影响指标\t使用年限\t≥6年",
                "满意度指标\t服务对象满意度指标\t满意度\t≥95%",
            ]
        )
    )
    assert [r[:2] for r in rows_of(result)] == [
        ("产出指标", "数量指标"),
        ("产出指标", "质量指标"),
        ("产出指标", "时效指标"),
        ("效益指标", "社会效益指标"),
        ("效益指标", "可持续影响指标"),
        ("满意度指标", "服务对象满意度指标"),
    ]


def test_placeholder_rows_are_not_indicators_and_table_ends_at_signature():
    result = extract(
        "\n".join(
            [
                "项目名称\t示例项目",
                "一级指标\t二级指标\t三级指标\t目标值",
                "产出目标\t数量\t培训人次\t≥500人次",
                "\t质量\t\t",
                "效果目标\t经济效益\t\t",
                "\t社会效益\t安全意识\t提升",
                "负责人:\t张三\t联系电话:\t13800000000",
                "\t\t不是指标\t1",
            ]
        )
    )
    assert rows_of(result) == [
        ("产出目标", "数量", "培训人次", "≥500人次"),
        ("效果目标", "社会效益", "安全意识", "提升"),
    ]


def test_period_and_annual_sides_with_a_truncated_name():
    result = extract(
        "\n".join(
            [
                "项目名称\t示例项目",
                "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t二级指标\t三级指标\t指标值",
                "\t产出指标\t数量指标\t巡逻里程\t≥3000公里\t数量指标\t巡逻里程\t≥1000公里",
                "\t效益指标\t可持续影响指标\t对单位的可持续影响度\t≥95%\t可持续影响指标\t对单位的可持续影\t≥95%",
            ]
        )
    )
    got = [(i.level3, i.value_period, i.value) for i in result.projects[0].indicators]
    assert got == [("巡逻里程", "≥3000公里", "≥1000公里"), ("对单位的可持续影响度", "≥95%", "≥95%")]


def test_unplaceable_row_is_reported_not_dropped():
    result = extract(
        "\n".join(
            [
                "项目名称\t示例项目",
                "一级指标\t二级指标\t三级指标\t指标值",
                "产出指标\t数量指标\t设备数量\t≥10台",
                "\t\t\t\t≥5%\t≥6%",
            ]
        )
    )
    assert len(result.projects[0].indicators) == 1
    assert [(p.source_line, p.kind) for p in result.problems] == [(4, "unplaced_row")]


def test_wide_column_pair_table():
    result = extract(
        "\n".join(
            [
                "项目编号\t项目名称\t项目金额（万元）\t\t绩效目标",
                "\t\t资金总额\t财政资金\t成本指标\t\t产出指标\t\t效益指标\t\t满意度指标\t",
                "\t\t\t\t三级指标\t指标值\t三级指标\t指标值\t三级指标\t指标值\t三级指标\t指标值",
                "410100240000000000001\t路口改造\t50\t50\t设备成本\t≤50万元\t改造路口数\t≥10个\t通行效率提升\t≥10%\t群众满意度\t≥90%",
                "\t\t\t\t\t\t验收合格率\t100%\t事故下降率\t≥5%",
                "\t\t\t\t\t\t\t完工时间\t2025年6月",
            ]
        )
    )
    project = result.projects[0]
    assert (project.name, project.code, project.budget_wan) == ("路口改造", "410100240000000000001", 50.0)
    assert [(i.level1, i.level3, i.value) for i in project.indicators] == [
        ("成本指标", "设备成本", "≤50万元"),
        ("产出指标", "改造路口数", "≥10个"),
        ("效益指标", "通行效率提升", "≥10%"),
        ("满意度指标", "群众满意度", "≥90%"),
        ("产出指标", "验收合格率", "100%"),
        ("效益指标", "事故下降率", "≥5%"),
        ("产出指标", "完工时间", "2025年6月"),
    ]


def test_wide_table_row_with_more_pairs_than_categories_is_unplaced_not_a_crash():
    """A row of more name/value pairs than the header has categories (a PDF's text read into
    columns wrongly) is recorded, not placed: it made the parser fail on the whole document."""
    result = extract(
        "\n".join(
            [
                "项目编号\t项目名称\t成本指标\t\t产出指标\t",
                "\t\t三级指标\t指标值\t三级指标\t指标值",
                "410100240000000000001\t路口改造\t设备成本\t≤50万元\t改造路口数\t≥10个",
                "\t\t验收合格率\t100%\t事故下降率\t≥5%\t完工时间\t2025年6月",
            ]
        )
    )
    assert [i.level3 for i in result.projects[0].indicators] == ["设备成本", "改造路口数"]
    assert [p.kind for p in result.problems if "验收合格率" in p.raw] == ["unplaced_row"]


_PER_UNIT_TABLE = [
    "一级指标\t二级指标\t三级指标\t指标解释\t西坪镇\t桃舟乡\t芦田镇",
    "产出指标\t数量指标\t开展小型水利工程建设(个)\t反映开展情况\t1\t2\t1",
    "\t质量指标\t工程验收合格率\t反映质量\t100%\t100%\t95%",
]


@pytest.mark.parametrize(
    "table",
    [
        _PER_UNIT_TABLE,
        [cell for line in _PER_UNIT_TABLE for cell in line.split("\t") if cell],  # a cell a line
        [" ".join(cell for line in _PER_UNIT_TABLE for cell in line.split("\t") if cell)],  # one line
    ],
    ids=["tabs", "a cell a line", "one line"],
)
def test_a_value_column_per_unit_gives_an_indicator_per_unit(table):
    result = extract("\n".join(["项目名称\t小型水利工程", *table]))
    indicators = result.projects[0].indicators
    assert [(i.level2, i.level3, i.value, i.value_for) for i in indicators] == [
        ("数量指标", "开展小型水利工程建设(个)", "1", "西坪镇"),
        ("数量指标", "开展小型水利工程建设(个)", "2", "桃舟乡"),
        ("数量指标", "开展小型水利工程建设(个)", "1", "芦田镇"),
        ("质量指标", "工程验收合格率", "100%", "西坪镇"),
        ("质量指标", "工程验收合格率", "100%", "桃舟乡"),
        ("质量指标", "工程验收合格率", "95%", "芦田镇"),
    ]
    assert {i.description for i in indicators} == {"反映开展情况", "反映质量"}
    assert result.problems == []


def test_value_columns_the_vocabulary_does_not_spell_and_the_verdict_after_the_table():
    result = extract(
        "\n".join(
            [
                "项目名称 | 实验中心建设 |",
                "一级指标 | 二级指标 | 三级指标 | 预算设定指标值 | 项目完成指标值 | ||",
                "产出指标 | 数量指标 | 购置仪器设备 | 31 | 42 | ||",
                "质量指标 | 设备验收合格率 | 100% | 100% | |||",
                "满意度指标 | 服务对象满意度指标 | 师生满意度 | ≥95% | ≥90% | ||",
                "预算绩效评价结果 | 考核节点进度完成率 | 10分 | 项目采购节约率 | 10分 | ||",
            ]
        )
    )
    found = [(i.level2, i.level3, i.value, i.actual) for i in result.projects[0].indicators]
    assert found == [  # 预算设定 is the target, 项目完成 what was achieved; the verdict is no row
        ("数量指标", "购置仪器设备", "31", "42"),
        ("质量指标", "设备验收合格率", "100%", "100%"),
        ("服务对象满意度指标", "师生满意度", "≥95%", "≥90%"),
    ]
    assert result.projects[0].table_kind == "self_evaluation"


def test_one_cell_per_line_header_with_bare_level_names_and_a_numeric_value_column():
    cells = ["项目名称", "小学教育公用经费", "一级", "二级", "三级", "年度数值", "备注"]
    cells += ["产出值", "数量值", "小学就读人数", "<=6962人", "质量值", "办学水平提高", "=100%"]
    cells += ["效益值", "社会效益值", "办学条件改善", "有效"]
    result = extract("\n\n".join(cells))
    assert rows_of(result) == [  # 二级 | 三级 | 年度数值 are three columns, not one name
        ("产出值", "数量值", "小学就读人数", "<=6962人"),
        ("产出值", "质量值", "办学水平提高", "=100%"),
        ("效益值", "社会效益值", "办学条件改善", "有效"),
    ]


def test_labels_one_character_a_line_and_broken_before_their_last_word_in_a_spaced_table():
    text = "\n".join(
        [
            "项目名称 电影放映补助",
            "一级指标 二级指标 三级指标 年度指标值 全年完成值 分值 得分",
            "产",
            "出",
            "指",
            "标 数量指标 维护电影放映设备数量 ≥5套 5套 20 20",
            "质量指标 提升放映质量 明显 明显 10 10",
            "效",
            "益",
            "指",
            "标 经济效益",
            "指标 全年影院观影人数 ≥4万人次 4.4万人次 5 5",
        ]
    )
    assert rows_of(extract(text)) == [
        ("产出指标", "数量指标", "维护电影放映设备数量", "≥5套"),
        ("产出指标", "质量指标", "提升放映质量", "明显"),
        ("效益指标", "经济效益指标", "全年影院观影人数", "≥4万人次"),
    ]


def test_an_excerpt_starting_inside_a_table_is_read_from_its_rows_and_said_so():
    text = "\n".join(
        [
            "日常巡查完成率 | = | 100 | % | 5 | ||||",
            "成本指标 | 宣传成本 | ≤ | 1200 | 元 | 5 | |||",
            "效益指标 | 社会效益指标 | 群众知晓率 | ≥ | 90 | % | 15 | ||",
            "满意度指标 | 服务对象满意度指标 | 参保人员满意度 | ≥ | 90 | % | 10 | ||",
            "合计 | 100 | |||||||",
        ]
    )
    result = extract(text)
    assert [(i.level3, i.value) for i in result.projects[0].indicators] == [
        ("日常巡查完成率", "=100%"),
        ("宣传成本", "≤1200元"),
        ("群众知晓率", "≥90%"),
        ("参保人员满意度", "≥90%"),
    ]
    assert any(p.kind == "no_header" for p in result.problems)


def test_rows_before_any_header_between_pipe_only_lines_and_labels_on_later_rows():
    # an excerpt starting inside a table whose rows stand between lines of pipes alone, the
    # first row printing no label (its block's label is above the cut) and the next ones a
    # level 2 only, later ones both levels: the label columns come from the rows printing them
    text = "\n".join(
        [
            "安全警示标志设置及时率 | = | 100 | % | 100 | 5 |",
            "|",
            "| |||",
            "成本指标 | 安全隐患排查成本预算 | = | 6 | 万元 | 6 | 5 |",  # a name ending 成本预算 is no value
            "|",
            "警示标志设置成本预算 | = | 5 | 万元 | 5 | 5 |",
            "|",
            "效益指标 | 社会效益指标 | 环境治理亮化美化率 | ≥ | 90 | % | 93 | 10 |",
            "| |",
            "安全隐患排查有效处置率 | ≥ | 90 | % | 91 | 10 |",
        ]
    )
    result = extract(text)
    # the first row's block label was above the cut: no label below is filled up onto it, and
    # 成本指标 before the first level 1 printed stays a level 2 (its level 1 was above the cut too)
    assert rows_of(result) == [
        ("", "", "安全警示标志设置及时率", "=100%"),
        ("", "成本指标", "安全隐患排查成本预算", "=6万元"),
        ("", "成本指标", "警示标志设置成本预算", "=5万元"),
        ("效益指标", "社会效益指标", "环境治理亮化美化率", "≥90%"),
        ("效益指标", "社会效益指标", "安全隐患排查有效处置率", "≥90%"),
    ]


def test_the_rest_of_a_row_stopping_at_its_value_on_the_next_line():
    # 定性 | 好坏, then 好坏 | 5 | 5 on a line of its own: what it achieved, its weight and score
    text = "\n".join(
        [
            "公益性讲座知晓率 | = | 100 | % | 100 | 5 | 5 |",
            "| |||",
            "可持续影响指标 | 图书馆管理机制健全性 | 定性 | 好坏 |",
            "| 好坏 | 5 | 5 |",
            "| ||",
            "满意度指标 | 服务对象满意度指标 | 活动参与人员满意度 | ≥ | 95 | % | 95 | 5 | 5 |",
            "| |",
            "聘用人员满意度 | ≥ | 95 | % | 95 | 5 | 5 |",
        ]
    )
    found = [(i.level3, i.value, i.actual, i.weight, i.score) for i in extract(text).projects[0].indicators]
    assert found[:2] == [("公益性讲座知晓率", "=100%", "", "", ""), ("图书馆管理机制健全性", "好坏", "好坏", "5", "5")]
    assert [name for name, *_ in found[2:]] == ["活动参与人员满意度", "聘用人员满意度"]


def test_a_budget_table_before_any_header_is_no_indicator_table():
    text = "\n".join(
        [
            "年度资金总额 | 329.77 | 329.77 | 338.31 | 10 | |||",
            "其中:当年财政拨款 | 329.77 | 329.77 | 338.31 | 10 | |||",
            "上年结转资金 | 12 | 12 | 12 | 0 | |||",
            "其他资金 | 5 | 5 | 5 | 0 | |||",
        ]
    )
    assert extract(text).projects == []


def test_a_glued_fragment_with_no_header_and_prose_naming_categories():
    fragment = (
        "产出指标数量指标足额保障率=100% 22.5 科目调整次数≤10次 22.5 时效指标按时发放率=100% 22.5 "
        "效益指标经济效益指标结余率≤5% 22.5 合计100 评价结论及时、足额缴纳。"
    )
    result = extract(fragment)
    assert rows_of(result) == [
        ("产出指标", "数量指标", "足额保障率", "=100%"),
        ("产出指标", "数量指标", "科目调整次数", "≤10次"),
        ("产出指标", "时效指标", "按时发放率", "=100%"),
        ("效益指标", "经济效益指标", "结余率", "≤5%"),
    ]
    assert any(p.kind == "no_header" for p in result.problems)
    prose = (
        "本项目的产出指标包括完成道路维护120公里、验收合格率100%,效益指标包括群众出行更便利,"
        "满意度指标为群众满意度不低于90%,全年预算资金300万元,由县财政全额保障并按季度拨付。"
    )
    assert extract(prose).projects == []


def test_glued_rows_a_line_each_with_blank_lines_empty_categories_and_a_project_line():
    text = "\n".join(
        [
            "一级指标二级指标三级指标指标值指标值内容评(扣分标准)度量单位指标值类型备注",
            "505006学生伙食费30.00",
            "",
            "",
            "成本指标经济成本指标学生补助标准17元反映学生每天用餐标准按标准发放得10分-定量",
            "生态环境成本指标",
            "",
            "-定性",
            "产出指标数量指标补助学生数量168反映补助学生人数发放到位得10分-定量",
            "效益指标经济效益指标",
            "-定性",
            "社会效益指标残疾学生入学率大于90%适龄学生入学情况90%得10分-定量",
        ]
    )
    assert rows_of(extract(text)) == [
        ("成本指标", "经济成本指标", "学生补助标准", "17元"),
        ("产出指标", "数量指标", "补助学生数量", "168"),
        ("效益指标", "社会效益指标", "残疾学生入学率", "大于90%"),
    ]


def test_a_glued_comparison_naming_its_year_is_one_value():
    text = "\n".join(
        [
            "绩效指标一级指标二级指标三级指标年度指标值全年完成值未完成原因和改进措施",
            "产出指标数量指标系统改版升级100%100%",
            "质量指标验收合格率100%100%",
            "效益指标经济效益指标拓展销售渠道,提升销售量同比2022年销量显著提高显著提高",
            "社会效益指标筹集更多公益金同比2021年明显增加明显增加",
        ]
    )
    assert [(i.level3, i.value, i.actual) for i in extract(text).projects[0].indicators][2:] == [
        ("拓展销售渠道,提升销售量", "同比2022年销量显著提高", "显著提高"),
        ("筹集更多公益金", "同比2021年明显增加", "明显增加"),
    ]


def test_glued_names_holding_a_templates_note_and_two_target_columns():
    # the template's unfilled target in brackets (≥**平方米) and an item number are a name's, and
    # a period target and the year's glued side by side are both read, the same number twice too
    text = (
        "一级指标二级指标三级指标实施期指标值年度指标值产出指标数量指标公猪舍(≥**平方米)22.822.8"
        "仓库(≥**平方米)104104质量指标1.农村低保标准(≥**元/人·月)≥600元/人·月>=530元/人*月"
        "时效指标结算款支付及时性及时及时"
    )
    found = [(i.level2, i.level3, i.value_period, i.value) for i in extract(text).projects[0].indicators]
    assert found == [
        ("数量指标", "公猪舍(≥**平方米)", "22.8", "22.8"),
        ("数量指标", "仓库(≥**平方米)", "104", "104"),
        ("质量指标", "1.农村低保标准(≥**元/人·月)", "≥600元/人·月", ">=530元/人*月"),
        ("时效指标", "结算款支付及时性", "及时", "及时"),
    ]


def test_glued_rows_numbered_and_names_that_run_on():
    # an item number opens the next row right after a figure (6475 | 2.实际…)
    numbered = "一级指标二级指标三级指标年度指标值投入目标1.预算投入资金64752.实际到位资金64753.实际支出6475"
    found = [(i.level3, i.value) for i in extract(numbered).projects[0].indicators]
    assert found == [("1.预算投入资金", "6475"), ("2.实际到位资金", "6475"), ("3.实际支出", "6475")]
    # a name does not end on a word that joins it to more (新增和 | 改善…)
    joined = (
        "一级指标二级指标三级指标年度指标值产出指标数量指标年增粮食3500公斤受益脱贫(监测)人口数≥500人"
        "新增和改善灌溉达标面积≥500亩工程设计使用年限≥20年"
    )
    found = [(i.level3, i.value) for i in extract(joined).projects[0].indicators]
    assert found[2] == ("新增和改善灌溉达标面积", "≥500亩")
    # a target's word inside a name that goes on to its ending and a number (明显 | 变质比例0)
    ratio = "一级指标二级指标三级指标年度指标值全年完成值质量指标库存数量真实率100%100%库存粮食明显变质比例00"
    found = [(i.level3, i.value) for i in extract(ratio).projects[0].indicators]
    assert found == [("库存数量真实率", "100%"), ("库存粮食明显变质比例", "0")]


def test_a_cell_a_line_with_a_long_listing_cell_and_a_page_footer_after():
    # a long cell listing things (no sentence in it) is a cell, not running text ending the
    # table; a web page's footer after the table ends it
    cells = ["一级指标", "二级指标", "三级指标", "周期指标值", "本年度指标值"]
    cells += ["产出指标", "数量指标", "新增学位数量(个)", "3000", "1200", "室外市政附属工程"]
    cells += [
        "全部完成(包括运动场、足球场、跑道、道路、广场、广场台阶、围墙、挡土墙、室外给水、室外污水、室外雨水、室外灯及广播电气、停车场、绿化等)"
    ]
    cells += ["完成90%", "质量指标", "工程竣工验收合格率", "100%", "100%"]
    cells += ["县人民政府主办  县人民政府办公室承办", "地址:某县广场大街111号  网站监督电话:12345  鲁ICP备06032897号"]
    found = [(i.level3, i.value, i.value_period) for i in extract("\n\n".join(cells)).projects[0].indicators]
    assert [name for name, *_ in found] == ["新增学位数量(个)", "室外市政附属工程", "工程竣工验收合格率"]
    assert found[1][1] == "完成90%" and found[1][2].startswith("全部完成(包括运动场")


def test_a_cell_a_line_with_a_cell_wrapped_before_its_pipe():
    cells = ["项目名称 |", "网球公开赛 | ||", "一级指标 |", "二级指标 |", "三级指标 |", "指标值 | ||"]
    cells += ["效益指标 |", "可持续影响指标 |", "打造金安国际网球", "公开赛等系列品牌赛事 |", "影响可持续 | ||"]
    cells += ["满意度指标 |", "服务对象满意度指标 |", "群众满意度 |", "≥95% | ||"]
    assert rows_of(extract("\n".join(cells))) == [
        ("效益指标", "可持续影响指标", "打造金安国际网球公开赛等系列品牌赛事", "影响可持续"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥95%"),
    ]


def test_rows_wider_than_their_header_are_read_from_their_content():
    text = "\n".join(
        [
            "项目名称: 高龄津贴",
            "一级指标 二级指标 三级指标 指标分值 预期指标值 单项指标实际完成值 单项指标完成情况 自评得分",
            "符号 单位(文字描述) 单项指标得分 权重占比(%) 单项指标折算得分",
            "产出指标 质量指标 申报对象覆盖率 享受补贴人数占申报对象总数的比例 >= 98 %(百分比) 100% 完成 25.00 25.00 6.25",
            "满意度指标 服务对象满意度指标 服务对象满意度 对象对工作的满意程度 >= 95 %(百分比) 100% 完成 10.00 10.00 1.00",
        ]
    )
    result = extract(text)
    found = [(i.level3, i.value, i.description, i.actual) for i in result.projects[0].indicators]
    assert found == [
        ("申报对象覆盖率", "≥98 %(百分比)", "享受补贴人数占申报对象总数的比例", "100%"),
        ("服务对象满意度", "≥95 %(百分比)", "对象对工作的满意程度", "100%"),
    ]
    assert any(p.kind == "header_widened" for p in result.problems)


def test_glued_text_no_row_explains_is_recorded_not_read():
    text = (
        "项目名称渔业补贴二级指标三级指标年初目标值(A)实际完成值(B)得分"
        "出标产指数量指标补贴渔船数6条6条20质量指标渔船补贴发放率100%100%10时效指标发放及时率100%100%10"
    )
    result = extract(text)
    names = [i.level3 for p in result.projects for i in p.indicators]
    assert names == ["补贴渔船数", "渔船补贴发放率", "发放及时率"]
    assert any(p.kind == "unplaced_row" and "出标产指" in p.raw for p in result.problems)


def test_a_title_column_printed_once_beside_rows_cut_from_one_long_row():
    # cells ended by '|', the form's 绩效指标 title printed once in the header row only: the rows
    # are a cell narrower than the header (else each row takes the next row's name as its value)
    cells = ["绩效指标", "指标", "指标权重", "计量单位", "指标性质", "指标值"]
    cells += ["发放人数", "20", "人", "≥", "80", "是否按时足额发放", "10", "%", "≥", "95"]
    cells += ["领取补助人数", "20", "人", "≥", "100"]
    result = extract("专项资金名称 | 在职村村干部补助 |\n" + "\n".join(f"{c} |" for c in cells))
    assert result.projects[0].name == "在职村村干部补助"
    assert [(i.level3, i.value, i.weight) for i in result.projects[0].indicators] == [
        ("发放人数", "≥80人", "20"),
        ("是否按时足额发放", "≥95%", "10"),
        ("领取补助人数", "≥100人", "20"),
    ]


def test_a_label_the_next_rows_level_2_excludes_is_not_filled_down_onto_them():
    # 效益指标 lost: 社会效益 rows do not take 产出指标 from above; 成本指标 after 时效指标 rows is
    # one more level 2 of theirs, not a level 1 for the rows around it
    result = extract(
        "\n".join(
            [
                "一级指标\t二级指标\t指标名称\t指标值",
                "产出指标\t数量指标\t每千人托位\t4.5",
                "\t时效指标\t补助发放及时性\t及时发放",
                "\t成本指标\t资金执行率\t100%",
                "\t社会效益\t机构覆盖率\t提高",
                "\t\t婴幼儿健康管理率\t95%",
                "满意度指标\t满意度指标\t受益单位满意度\t95%",
            ]
        )
    )
    assert rows_of(result) == [
        ("产出指标", "数量指标", "每千人托位", "4.5"),
        ("产出指标", "时效指标", "补助发放及时性", "及时发放"),
        ("产出指标", "成本指标", "资金执行率", "100%"),
        ("", "社会效益", "机构覆盖率", "提高"),
        ("", "社会效益", "婴幼儿健康管理率", "95%"),
        ("满意度指标", "满意度指标", "受益单位满意度", "95%"),
    ]


def test_targets_written_as_prose_under_category_headings():
    notice = extract(
        "\n".join(
            [
                "同心县2025年设施农业技术培训项目绩效目标设定",
                "其他:财政拨款每生每年780元,县级负担20%计。",  # a form field named like a label: prose
                "一、产出指标",
                "(一)数量指标",
                "设施温棚种植人员(县内培训)≧300人;",
                "(三)时效指标",
                "完成时限,2025年10月底前;",
                "二、效益指标",
                "(一)经济效益指标",
                "带动村集体及种植户增收致富,增加;",
                "附件:绩效目标表",
                "产出数量指标享受资助人数达到预计值210010",  # a glued table's line, no punctuation: not prose
            ]
        )
    )
    assert [(i.level1, i.level2, i.level3, i.value) for i in notice.projects[0].indicators] == [
        ("产出指标", "数量指标", "设施温棚种植人员(县内培训)", "≧300人"),
        ("产出指标", "时效指标", "完成时限", "2025年10月底前"),
        ("效益指标", "经济效益指标", "带动村集体及种植户增收致富", "增加"),
    ]
    assert [p.kind for p in notice.problems][:1] == ["prose_targets"]  # said so, for a reviewer to check
    assert notice.projects[0].name == "同心县2025年设施农业技术培训项目绩效目标设定"  # the title, not the line above
    report = extract(
        "\n".join(
            [
                "(四)绩效指标完成情况分析。",
                "1、产出数量指标:第一,资助接受托养服务人次数年初指标值为不低于105人,全年实际完成值116人。",
                "2.质量指标。经费发放率为98%覆盖率均为100%。",  # what was achieved, not a target
                "3.时效指标。补助金每月中旬发放指标为100%实际完成值为100%优待金每年3月、9月份发放指标为100%实际完成值为90%",
                "4.成本指标国家规定标准发放指标为100%实际完成值为100%",
            ]
        )
    )
    assert [(i.level1, i.level2, i.level3, i.value, i.actual) for i in report.projects[0].indicators] == [
        ("产出指标", "数量指标", "资助接受托养服务人次数", "不低于105人", "116人"),
        ("产出指标", "时效指标", "补助金每月中旬发放", "100%", "100%"),
        ("产出指标", "时效指标", "优待金每年3月、9月份发放", "100%", "90%"),
        ("产出指标", "成本指标", "国家规定标准发放", "100%", "100%"),
    ]


def test_a_table_row_written_out_as_a_sentence():
    # a self-evaluation report: each item names its indicator, then each column's figure (目标值,
    # 完成值, 分值, 得分) as a clause of its own; those are the row's cells, not indicators
    report = extract(
        "\n".join(
            [
                "本项目绩效自评得分100分,设置绩效目标3个,具体情况如下:",
                "(一) 产出指标",
                "1、数量指标",
                "1)主导制修订国家标准的项目数量(项),目标值2,完成值2,分值6,得分6。",
                "2)参与制修订国家标准项目数量(项),目标值5,完成值4,分值6,得分5。",
                "3、时效指标",
                "1)项目完成及时率(%),目标值90,完成值100,分值8,得分8。",
            ]
        )
    )
    assert [(i.level2, i.level3, i.value, i.actual, i.weight, i.score) for i in report.projects[0].indicators] == [
        ("数量指标", "主导制修订国家标准的项目数量(项)", "2", "2", "6", "6"),
        ("数量指标", "参与制修订国家标准项目数量(项)", "5", "4", "6", "5"),
        ("时效指标", "项目完成及时率(%)", "90", "100", "8", "8"),
    ]


def test_a_paragraph_of_figures_under_a_heading_alone():
    # under 四、绩效目标, the sentences that are mostly a name and a figure a clause are targets;
    # a sentence of achievements and narrative after them is not (完成19.699万亩…的清理)
    text = "\n".join(
        [
            "四、绩效目标",
            "",
            "全区主要森林病虫害发生面积2.06万亩,发生率8.06%;防治作业面积19.699万亩,无公害防治率100%;"
            "林业有害生物调查累计监测面积约111.45万亩,监测覆盖率100%;检疫复检率100%。"
            "全区防治目标全面达标,年度松材线虫病除治8万多株,防控责任目标任务全面完成。"
            "2019年度,完成19.699万亩病枯死亡松林面积的清理,伐除各类枯、病死松树8万余株。",
        ]
    )
    assert [(i.level3, i.value) for i in extract(text).projects[0].indicators] == [
        ("全区主要森林病虫害发生面积", "2.06万亩"),
        ("发生率", "8.06%"),
        ("防治作业面积", "19.699万亩"),
        ("无公害防治率", "100%"),
        ("林业有害生物调查累计监测面积", "约111.45万亩"),
        ("监测覆盖率", "100%"),
        ("检疫复检率", "100%"),
    ]
    narrative = "四、绩效目标\n通过项目实施,完成道路硬化5公里,带动农户增收,促进乡村振兴,改善群众出行条件。"
    assert extract(narrative).projects == []


def test_lines_saying_which_figure_is_the_target_under_no_category():
    # a self-evaluation report, no category printed: the clause saying it is the target (指标值为,
    # 年初目标值) gives the value, quoted or said to be approximate; the rest is what was achieved
    report = extract(
        "\n".join(
            [
                "(三)绩效指标完成情况分析。",
                "建设占地面积:指标值为“约12000平方米”,全年实际完成值约20000平方米;",
                "项目竣工验收合格率:指标值为“100%”,全年实际完成值为0,因项目尚在建设工期内;",
                "1.重大动物强制免疫病种群体免疫密度,年初目标值≥90%,实际完成值≥90%,自评得分20分;",
                "(2)成本目标:项目资金投入绩效目标值是10万元,实际完成值为0万元,目标完成率为0%,",
            ]
        )
    )
    found = [(i.level1, i.level3, i.value, i.actual, i.score) for i in report.projects[0].indicators]
    assert found == [
        ("", "建设占地面积", "约12000平方米", "约20000平方米", ""),
        ("", "项目竣工验收合格率", "100%", "0", ""),
        ("", "重大动物强制免疫病种群体免疫密度", "≥90%", "≥90%", "20分"),
        ("成本目标", "项目资金投入", "10万元", "0万元", ""),  # the label opening the clause, as printed
    ]


def test_prose_targets_hard_wrapped_with_counted_categories():
    # a budget explanation's paragraph wrapped mid-word at a fixed width; each category opens with
    # how many indicators it has (设 1条质量指标:)
    text = "\n".join(
        [
            "1条数量指标:开通业务月份≥1个月;设 1条质量指标:",
            "应急运维系统保障率≥80%;设 1条时效指标:资金支付及",
            "时率=100%;设 1条成本指标:项目成本超支率≤0%;设 1条经济效益指标:维护单位日常运转定性有效。",
            "第三部分:专业名词解释",
        ]
    )
    assert [(i.level2, i.level3, i.value) for i in extract(text).projects[0].indicators] == [
        ("数量指标", "开通业务月份", "≥1个月"),
        ("质量指标", "应急运维系统保障率", "≥80%"),
        ("时效指标", "资金支付及时率", "=100%"),
        ("成本指标", "项目成本超支率", "≤0%"),
        ("经济效益指标", "维护单位日常运转", "有效"),  # 定性: the value's kind, between name and value
    ]


def test_a_value_the_text_introduces_holds_a_figure_no_pattern_reads():
    text = "\n".join(
        [
            "(一)、产出指标",
            "1、数量指标:全年资助家庭经济困难学生1606人次,资助金额160.77万元。",
            "4、成本指标:资助标准为每生每年3000元、2000元、1000元3个档次。",
        ]
    )
    found = [(i.level2, i.level3, i.value) for i in extract(text).projects[0].indicators]
    assert found == [
        ("数量指标", "全年资助家庭经济困难学生", "1606人次"),
        ("数量指标", "资助金额", "160.77万元"),
        ("成本指标", "资助标准", "每生每年3000元、2000元、1000元3个档次"),  # introduced by 为
    ]


def test_a_list_of_targets_under_no_category():
    # 绩效目标: or 指标N: then items a name and a figure each, prose running on after the last;
    # a goal's narrative under the same words (several clauses a sentence) is no list
    listed = extract(
        "(二)绩效目标:道路硬化≥0.565km;验收合格率≥100% ;受益人口满意度≥96%;受益人口数≥23人改善村基础设施,促进经济发展。"
    )
    assert rows_of(listed) == [
        ("", "", "道路硬化", "≥0.565km"),
        ("", "", "验收合格率", "≥100%"),
        ("", "", "受益人口满意度", "≥96%"),
        ("", "", "受益人口数", "≥23人"),
    ]
    narrative = extract(
        "\n".join(
            [
                "绩效目标：推动交通治理科学化，标志标线进一步规范，交通组织进一步优化。",
                "绩效指标：在全市打造 50 个示范路口、35 条文明行驶道路，拥堵延时指数控制在 1.6 以内。",
            ]
        )
    )
    assert narrative.projects == []
    # the document ending on an unpunctuated item: its figure may be cut (5000 of 5000份)
    cut = extract("绩效指标共设置4个,指标1:购买投注单1万份;指标2:公益慰问次数1次;指标3:印刷品投放数量5000")
    assert [i.level3 for i in cut.projects[0].indicators] == ["购买投注单", "公益慰问次数"]
    assert [(p.kind, p.raw) for p in cut.problems if p.kind == "truncated"] == [("truncated", "印刷品投放数量 5000")]


def test_the_evaluation_frameworks_levels_and_a_half_years_target():
    # 决策 / 项目立项 / 绩效目标 (a category here, though also a column name), a cell a line,
    # 半年(程) and 全年(程) targets side by side: the year's is the target
    cells = ["一级指标", "二级指标", "三级指标", "半年(程) 指标值", "全年(程) 指标值"]
    cells += ["决策", "项目立项", "立项程序规范性", "规范", "规范", "立项依据充分性", "基本充分", "充分"]
    cells += ["绩效目标", "绩效指标明确性", "明确", "明确"]
    result = extract("\n\n".join(cells))
    assert [(i.level1, i.level2, i.level3, i.value, i.value_period) for i in result.projects[0].indicators] == [
        ("决策", "项目立项", "立项程序规范性", "规范", "规范"),
        ("决策", "项目立项", "立项依据充分性", "充分", "基本充分"),
        ("决策", "绩效目标", "绩效指标明确性", "明确", "明确"),
    ]


def test_a_self_evaluation_with_notes_dashes_and_lost_labels_between_its_rows():
    # rows go on past a scoring rule on lines of its own, dash placeholders and a lost label's
    # weight (30分); 全年免费开放 is a name; a row printing two numbers alone, the first a weight
    # the table's rows print, holds its weight and score
    text = "\n".join(
        [
            "三级指标 预期指标值(A) 实际完成指标值(B) 分值 得分 未完成原因 得分计算方法",
            "(50分)",
            "数量指标 全年免费开放 100% 100% 12.5 12.5",
            "定量指标计算:完成值达到指标值,记满分;未达到指标值,按B/A或A/B*该指标分值记分。",
            "-",
            "质量指标 开放管理制度健全性 100% 100% 12.5 12.5",
            "- -",
            "(30分)",
            "社会效益指标 保护全市人口财产不受损失 12.5 12.5",
        ]
    )
    result = extract(text)
    found = [(i.level2, i.level3, i.value, i.actual, i.weight, i.score) for i in result.projects[0].indicators]
    assert found == [
        ("数量指标", "全年免费开放", "100%", "100%", "12.5", "12.5"),
        ("质量指标", "开放管理制度健全性", "100%", "100%", "12.5", "12.5"),
        ("社会效益指标", "保护全市人口财产不受损失", "", "", "12.5", "12.5"),
    ]
    assert [p.source_line for p in result.problems if p.kind == "unplaced_row"] == [4]  # the rule, recorded


def test_a_transposed_table_a_column_per_indicator():
    # names in one row (wrapped onto the next line), the year's targets and the mid-term ones in
    # rows under them, each row's column name on a line of its own; extra values are cut names'
    text = "\n".join(
        [
            "项目名称 新建高校建设",
            "三级指标 新建高校(校区) 工程质量达标率(%)",
            "开工率(%)",
            "年度目标值",
            "7 100% 90%",
            "实施周期目标值",
            "7 100% 100% 不断提升",
        ]
    )
    result = extract(text)
    found = [(i.level3, i.value, i.value_period) for i in result.projects[0].indicators]
    assert found == [("新建高校(校区)", "7", "7"), ("工程质量达标率(%)", "100%", "100%"), ("开工率(%)", "90%", "100%")]
    assert "transposed_table" in [p.kind for p in result.problems]
    piped = extract("三级指标\t新建高校\t开工率(%)\n年度目标值\t7\t100%")  # cells of their own
    assert [(i.level3, i.value) for i in piped.projects[0].indicators] == [("新建高校", "7"), ("开工率(%)", "100%")]
    # a row of names with no row of targets under it is no table
    assert extract("三级指标 新建高校 开工率(%)\n备注 详见附件").projects == []


def test_a_target_and_its_result_printed_alike_are_both_placed():
    # in a self-evaluation a value printed twice is the target and what was achieved (not a merged
    # cell's copy to skip); so the name reading like a value (2020年12月完成) stays the name
    text = "\n".join(
        [
            "一级指标\t二级指标\t三级指标\t指标值\t全年实际完成值\t分值",
            "产出指标\t质量指标\t资金足额拨付率\t100%\t100%\t10",
            "\t时效指标\t2020年12月完成\t=95%\t=95%\t10",
        ]
    )
    found = [(i.level3, i.value, i.actual, i.weight) for i in extract(text).projects[0].indicators]
    assert found == [("资金足额拨付率", "100%", "100%", "10"), ("2020年12月完成", "=95%", "=95%", "10")]


def test_a_header_whose_names_go_on_on_the_next_line():
    result = extract(
        "\n".join(
            [
                "绩效指标\t一级指标\t二级指标\t三级指标\t年度\t实际\t分值\t得分",
                "指标值\t完成值",  # 年度 / 指标值, 实际 / 完成值
                "产出指标\t数量指标\t修缮建筑面积\t6000平方米\t5800平方米\t7\t6",
                "\t质量指标\t验收通过率\t100%\t95%\t6\t5",
            ]
        )
    )
    assert [(i.level3, i.value, i.actual, i.weight, i.score) for i in result.projects[0].indicators] == [
        ("修缮建筑面积", "6000平方米", "5800平方米", "7", "6"),
        ("验收通过率", "100%", "95%", "6", "5"),
    ]


def test_a_file_cut_on_a_rows_value_drops_that_row_only():
    # the rows print a target, what was achieved and a weight; the last ends on its target's
    # first digit (100% cut to 1): half a row, recorded, not kept. A last row with its target
    # and more after it is whole, though its last cell was cut (得分 missing).
    head = ["一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分"]
    rows = ["产出指标\t数量指标\t培训人数\t≥300人\t320人\t10\t10", "\t质量指标\t结业率\t≥95%\t98%\t10\t10"]
    cut = extract("\n".join(head + rows + ["\t时效指标\t完成及时率\t1"]))
    assert [i.level3 for i in cut.projects[0].indicators] == ["培训人数", "结业率"]
    assert [p.kind for p in cut.problems if p.kind != "no_project_name"] == ["truncated"]
    whole = extract("\n".join(head + rows + ["\t时效指标\t完成及时率\t100%\t100%\t10"]))
    assert [i.level3 for i in whole.projects[0].indicators] == ["培训人数", "结业率", "完成及时率"]


def test_a_flattened_spreadsheet_read_from_its_template_numbering():
    # a spreadsheet saved as one line: the header's names scattered among the rows, each row
    # opening with 指标N:; the rows are read from their content, and that is said
    line = (
        "项目名称 国家基本公共卫生服务 年度 实际 指标值 完成值 一级 指标 "
        "指标1:居民健康档案 38508人 37442人 3 3 二级指标 三级指标 "
        "指标2:建立预防接种证 221人 221人 2 2 分值 得分 "
        "指标3:适龄儿童疫苗接种率 100.00% 97.30% 2 1.9 "
        "指标4:老年人体检数 5662人 4044人 2 1.4"
    )
    result = extract(line)
    assert [(i.level3, i.value) for i in result.projects[0].indicators] == [
        ("居民健康档案", "38508人"),
        ("建立预防接种证", "221人"),
        ("适龄儿童疫苗接种率", "100.00%"),
        ("老年人体检数", "5662人"),
    ]
    assert "no_header" in [p.kind for p in result.problems]


def test_a_cell_a_line_table_that_never_prints_one_of_its_columns():
    # 指标类型 | 指标名称 | 绩效目标 | 绩效标准, but every row prints a name and a goal only: the
    # rows between labels come in twos, never in threes, so 绩效标准 is not waited for
    cells = ["指标类型", "指标名称", "绩效目标", "绩效标准", "产出指标"]
    cells += [
        "编印政府公报",
        "每月编印3000本,全年12期",
        "举办档案图片展",
        "宣传建党成就",
        "开展档案征集",
        "征集解放海南岛资料",
    ]
    cells += ["成效指标", "公开政务信息", "向社会公开政府信息", "效率指标", "项目资金到位率", "100%"]
    result = extract("\n\n".join(cells))
    assert [(i.level1, i.level3, i.value) for i in result.projects[0].indicators] == [
        ("产出指标", "编印政府公报", "每月编印3000本,全年12期"),
        ("产出指标", "举办档案图片展", "宣传建党成就"),
        ("产出指标", "开展档案征集", "征集解放海南岛资料"),
        ("成效指标", "公开政务信息", "向社会公开政府信息"),
        ("效率指标", "项目资金到位率", "100%"),
    ]


def test_an_excerpt_opening_on_a_line_of_pipes_alone():
    # a page cut just after a '|': the line of pipes alone is a row of no cells, read as a blank
    # line (it once raised IndexError and lost the document)
    result = extract(
        "       | \n项目决策\n        | 数量指标\n        | 宣传次数\n        | 至少全年完成2次宣传\n"
        "        | 已完成100%\n        | |\n质量指标\n        | 创建质量\n        | 按质按量完成\n"
    )
    assert result.projects == []  # no header: nothing to read the columns by


def test_a_self_evaluation_form_a_cell_a_line_with_cut_brackets_and_a_placeholder_level2():
    # 湖北 自评表 as a page keeps it: the column notes lost their closing bracket (年初目标值(A),
    # 满意度指标's level 2 is the form's placeholder 具体指标, and the form's closing rows end it
    cells = ["一级指标", "二级指标", "三级指标", "年初目标值(A", "实际完成值(B"]
    cells += ["产出指标", "数量指标", "完成校园维修改造及设备购置项目", "800万元", "800万元"]
    cells += ["质量指标", "校园维修改造及设备购置合格率", "100%", "100%"]
    cells += ["满意度指标", "具体指标", "教师满意度", "≥95%", "≥95%", "具体指标", "学生满意度", "≥95%", "90%"]
    cells += ["偏差大或", "目标未完成", "原因分析", "改进措施及", "结果应用方案"]
    found = [
        (i.level1, i.level2, i.level3, i.value, i.actual) for i in extract("\n\n".join(cells)).projects[0].indicators
    ]
    assert found == [
        ("产出指标", "数量指标", "完成校园维修改造及设备购置项目", "800万元", "800万元"),
        ("产出指标", "质量指标", "校园维修改造及设备购置合格率", "100%", "100%"),
        ("满意度指标", "具体指标", "教师满意度", "≥95%", "≥95%"),
        ("满意度指标", "具体指标", "学生满意度", "≥95%", "90%"),
    ]


def test_a_page_cut_inside_its_last_rows_figure_keeps_what_reads_whole():
    header = "一级指标 | 二级指标 | 三级指标 | 指标值 | 全年实际完成值 |"
    rows = "产出指标 | 数量指标 | 享受医疗救助人次 | ≥50000人次 | 110406 | ||\n"
    # the last cell has no closing '|' and holds a bare figure: 100 may be 100%'s start
    cut = extract(f"{header}\n{rows}质量指标 | 医疗救助合规率 | 100")
    assert [i.level3 for i in cut.projects[0].indicators] == ["享受医疗救助人次"]
    assert [p.kind for p in cut.problems] == ["no_project_name", "truncated"]
    # a figure with its unit reads whole though its '|' was cut
    whole = extract(f"{header}\n{rows}质量指标 | 新建消防水池数量 | 1座")
    assert [i.value for i in whole.projects[0].indicators] == ["≥50000人次", "1座"]


def test_a_form_printing_level_1_before_a_level_2_of_another_parent_and_cut_before_a_unit():
    # 产出指标 | 经济成本指标: the form's level 1, though the framework puts 经济成本指标 under
    # 成本指标; the page ends on a bare figure before the unit column (= | 100 |)
    text = "\n".join(
        [
            "绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 |",
            "产出指标 | 经济成本指标 | 成本控制数 | ≤ | 30 | 万元 | 完成 | 90 | 90 | ||",
            "产出指标 | 质量指标 | 验收合格率 | = | 100 | ",
        ]
    )
    result = extract(text)
    assert rows_of(result) == [("产出指标", "经济成本指标", "成本控制数", "≤30万元")]
    assert "truncated" in [p.kind for p in result.problems]


def test_a_forms_titled_column_and_unused_rows_printed_as_zero():
    # 年度绩效目标(90分) titles the indicator rows (no goal column: a row's cells may start there),
    # and a cost row the form left unused prints its name as 0: no indicator, recorded
    text = "\n".join(
        [
            "年度绩效目标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标值 | 分值 | 指标解释 | |",
            "成本指标(0-20)分 | 经济成本指标 | 0 | 0.00% | 0 | 反映实施相关项目所产生的直接经济成本 | ||",
            "产出指标 (40-50)分 |",
            "数量指标 | 12350安全生产举报奖励次数 | ≥5次 | 10 | 0 | ||",
            "制作防灾减灾日宣传资料份数 | ≥500份 | 10 | ||",
        ]
    )
    result = extract(text)
    assert rows_of(result) == [
        ("产出指标", "数量指标", "12350安全生产举报奖励次数", "≥5次"),
        ("产出指标", "数量指标", "制作防灾减灾日宣传资料份数", "≥500份"),
    ]
    assert [p.kind for p in result.problems if p.kind == "unplaced_row"] == ["unplaced_row"]


def test_a_cell_a_line_row_whose_name_reads_like_a_value_after_a_complete_row():
    # merged labels print once; 按年度发放… opens like a target (按…) but a value follows it:
    # it is the next row's name, not two rows of values
    cells = ["一级指标", "二级指标", "三级指标", "指标值", "产出指标", "数量指标", "确保日常工作正常运行", "100%"]
    cells += ["按年度发放绩效奖、文明奖", "≥60%", "质量指标", "各类书籍审稿率", "100%"]
    found = [(i.level2, i.level3, i.value) for i in extract("\n\n".join(cells)).projects[0].indicators]
    assert found == [
        ("数量指标", "确保日常工作正常运行", "100%"),
        ("数量指标", "按年度发放绩效奖、文明奖", "≥60%"),
        ("质量指标", "各类书籍审稿率", "100%"),
    ]


def test_a_table_cut_where_the_mirrors_excerpt_stops_is_cut_there():
    # the page's "read more" and footer after the excerpt are not the document: the table ran
    # to its end, so its last row, ending on a bare figure where the rows above print more, is cut
    header = "一级指标 | 二级指标 | 三级指标 | 指标值 | 全年实际完成值 | 分值 |"
    rows = [
        "产出指标 | 数量指标 | 培训人次 | ≥500人次 | 520 | 10 | ||",
        "质量指标 | 培训合格率 | ≥95% | 98% | 10 | ||",
        "时效指标 | 按时完成率 | 100% | 100% | 10 | ||",
        "成本指标 | 成本控制率 | 10",
    ]
    for after in ("", "展开全文", "还剩1页未读,继续阅读\n\n版权所有 某县人民政府 ICP备12345678号"):
        result = extract("\n".join([header, *rows, after]))
        assert [i.level3 for i in result.projects[0].indicators] == ["培训人次", "培训合格率", "按时完成率"], after
        assert "truncated" in [p.kind for p in result.problems]


def test_self_evaluation_row_whose_name_reads_as_a_value():
    """A deadline printed as both name and target (2022年底之前 | 2022年底之前), its result a
    phrase of the evaluation's own grading (达成预期指标): the name stays the name, not 时效指标."""
    result = extract(
        "\n".join(
            [
                "项目名称\t科技特派员创业行动经费",
                "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分",
                "产出指标\t数量指标\t开展交流活动\t≥3次\t3\t10\t10",
                "\t时效指标\t2022年底之前\t2022年底之前\t达成预期指标\t10\t10",
                "\t质量指标\t创业能力提升率\t≥90%\t部分达成预期指标\t20\t15",
            ]
        )
    )
    assert [(i.level2, i.level3, i.value, i.actual) for i in result.projects[0].indicators] == [
        ("数量指标", "开展交流活动", "≥3次", "3"),
        ("时效指标", "2022年底之前", "2022年底之前", "达成预期指标"),
        ("质量指标", "创业能力提升率", "≥90%", "部分达成预期指标"),
    ]


def test_a_table_on_one_line_whose_basis_column_is_printed_empty():
    """A table flattened onto one line, cells apart by a space, its 指标标准或依据 column left empty:
    a name after a row's value starts the next row (it is no basis: 根据…, 计划标准, …扣分 are);
    a text every row prints is that column's."""
    header = "一级指标 二级指标 三级指标 指标值 指标标准或依据 2021年实际实现值"
    rows = "产出指标 数量指标 培训人次 280人次 授课人次 25人次 外训批次 6次 质量指标 培训完成率 100%"
    assert rows_of(extract(f"{header} {rows}")) == [
        ("产出指标", "数量指标", "培训人次", "280人次"),
        ("产出指标", "数量指标", "授课人次", "25人次"),
        ("产出指标", "数量指标", "外训批次", "6次"),
        ("产出指标", "质量指标", "培训完成率", "100%"),
    ]
    header = "一级指标 二级指标 三级指标 指标值 指标标准或依据"
    rows = "产出指标 数量指标 培训人次 280人次 授课人次 25人次 计划标准 外训批次 6次"
    assert [(i.level3, i.basis) for i in extract(f"{header} {rows}").projects[0].indicators] == [
        ("培训人次", ""),
        ("授课人次", "计划标准"),
        ("外训批次", ""),
    ]
    scored = "一级指标 二级指标 三级指标 指标值 评分标准 产出指标 数量指标 培训人次 280人次 未达指标值酌情扣分"
    scored += " 质量指标 培训完成率 100% 未达指标值酌情扣分"
    found = [(i.level3, i.basis) for i in extract(scored).projects[0].indicators]
    assert found == [("培训人次", "未达指标值酌情扣分"), ("培训完成率", "未达指标值酌情扣分")]


def test_a_numbered_table_a_cell_a_line():
    """序号 heads a column of row numbers: with it a two-column header is a header, one cell a line."""
    cells = ["表1:宣传文化经费项目绩效目标", "序号", "三级指标", "年度指标值"]
    cells += ["1", "全国助残日活动次数", "1次", "2", "报纸杂志专版专栏", "1个", "3", "电视专栏节目", "24期"]
    found = [(i.level3, i.value) for i in extract("\n".join(cells)).projects[0].indicators]
    assert found == [("全国助残日活动次数", "1次"), ("报纸杂志专版专栏", "1个"), ("电视专栏节目", "24期")]


def test_a_projects_form_on_the_row_above_the_header_is_no_header():
    """The form's cells run onto one row right above the indicator header (项目名称 | … | 绩效目标 |
    …): it names the project, and is no upper header row whose 项目名称 column takes each value."""
    form = "项目名称\t学校体育设施向社会免费开放\t主管部门\t自治区教育厅\t项目资金(万元)\t年度资金总额\t5"
    form += "\t绩效目标\t加快构建公共体育服务体系,提高公共体育设施利用率。"
    result = extract(
        "\n".join(
            [
                form,
                "一级指标\t二级指标\t三级指标\t指标值",
                "产出指标\t成本指标\t成本控制\t按照资金测算控制各项成本。",
                "\t时效指标\t完成时限\t2021年12月底完成项目规划相关工作。",
            ]
        )
    )
    assert [p.name for p in result.projects] == ["学校体育设施向社会免费开放"]
    assert [(i.level3, i.value) for i in result.projects[0].indicators] == [
        ("成本控制", "按照资金测算控制各项成本。"),
        ("完成时限", "2021年12月底完成项目规划相关工作。"),
    ]


def test_a_value_printed_in_parts_a_cell_a_line():
    """Operator, number and unit each on a line of their own: one value, where the header has no
    operator column (指标值类型 holds the operator) and where it has no unit column either."""
    cells = ["一级指标", "二级指标", "三级指标", "指标值类型", "目标值", "度量单位", "指标值内容"]
    cells += ["成本指标", "经济成本指标", "应交税费", "≤", "9.9", "万元", "考察税费缴纳"]
    cells += ["产出指标", "数量指标", "门面数量", "=", "9", "间", "考察出租任务完成数"]
    found = [(i.level3, i.value, i.description) for i in extract("\n".join(cells)).projects[0].indicators]
    assert found == [("应交税费", "≤9.9万元", "考察税费缴纳"), ("门面数量", "=9间", "考察出租任务完成数")]
    cells = ["一级指标", "二级指标", "三级指标", "目标值", "产出指标", "质量指标", "验收合格率", "≥", "95", "%"]
    cells += ["时效指标", "完成及时率", "100", "%"]
    found = [(i.level3, i.value) for i in extract("\n".join(cells)).projects[0].indicators]
    assert found == [("验收合格率", "≥95%"), ("完成及时率", "100%")]


def test_names_and_remarks_after_a_rows_scores_a_cell_a_line():
    """After a row's score the remark column is next: a long name followed by its figures names the
    next row; a remark followed by the next row's name and figures stays the remark."""
    cells = ["三级指标", "分值", "年度指标值", "全年实际值", "得分", "未完成原因及拟采取的改进措施"]
    cells += ["农村低保发放人数(≥**人)", "5", ">=21933人", "21980人", "5"]
    cells += ["其中:农村低保对象中建档立卡贫困人口数量(按月平均)(≥**人)", "5", ">=9431人", "9453人", "5"]
    cells += ["特困人员救助供养人数", "5", ">=4754人", "4604人", "5", "特困人员实行动态管理"]
    cells += ["扶贫临时救助人数", "10", ">=7人", "7人", "10"]
    found = [(i.level3, i.value, i.deviation) for i in extract("\n".join(cells)).projects[0].indicators]
    assert found == [
        ("农村低保发放人数(≥**人)", ">=21933人", ""),
        ("其中:农村低保对象中建档立卡贫困人口数量(按月平均)(≥**人)", ">=9431人", ""),
        ("特困人员救助供养人数", ">=4754人", "特困人员实行动态管理"),
        ("扶贫临时救助人数", ">=7人", ""),
    ]


def test_a_table_on_one_line_whose_header_leaves_a_bracket_open():
    """年初目标值(A | 实际完成值(B: a bracket the conversion left open does not swallow the rest of
    the line (a bracket split by spaces is rejoined only where it closes within a few words)."""
    line = "一级指标 二级指标 三级指标 年初目标值(A 实际完成值(B 产出指标 数量指标 完成维修改造项目 800万元"
    line += " 800万元 质量指标 维修改造合格率 100% 100% 满意度指标 具体指标 教师满意度 ≥95% ≥95%"
    found = [(i.level3, i.value, i.actual) for i in extract(line).projects[0].indicators]
    assert found == [
        ("完成维修改造项目", "800万元", "800万元"),
        ("维修改造合格率", "100%", "100%"),
        ("教师满意度", "≥95%", "≥95%"),
    ]
    closed = "一级指标 二级指标 三级指标 指标值 产出指标 数量指标 开发数量( ≥**个 ) 3个 质量指标 合格率 100%"
    assert rows_of(extract(closed)) == [
        ("产出指标", "数量指标", "开发数量( ≥**个 )", "3个"),
        ("产出指标", "质量指标", "合格率", "100%"),
    ]


def test_a_category_labels_note_apart_from_it_on_one_line():
    """数量指标 (必填硬性指标): the template's note, split from its label by a space, stays the label's
    and is no indicator name."""
    line = "一级指标 二级指标 三级指标 指标值 产出指标 数量指标 (必填硬性指标) 实施营造林总面积(亩) 80000"
    line += " 质量指标 (必填) 苗木成活率(≥**%) 85 效益指标 经济效益指标 (选填) 增加就业机会 增加"
    assert [r[1:] for r in rows_of(extract(line))] == [
        ("数量指标", "实施营造林总面积(亩)", "80000"),
        ("质量指标", "苗木成活率(≥**%)", "85"),
        ("经济效益指标", "增加就业机会", "增加"),
    ]


@pytest.mark.parametrize(
    ("header", "rows", "field", "expected"),
    [
        # 预算设定指标值 | 项目完成指标值: each one column (the year's target and what was done), though
        # 项目完成 alone reads as a target and 指标值 alone is a column name
        (
            "一级指标二级指标三级指标预算设定指标值项目完成指标值",
            ["产出指标数量指标改造实验室2间2间", "质量指标设备验收合格率100%100%", "时效指标项目年末完成率≥95%≥95%"],
            "actual",
            [("改造实验室", "2间", "2间"), ("设备验收合格率", "100%", "100%"), ("项目年末完成率", "≥95%", "≥95%")],
        ),
        # 指标性质 | 指标方向 holding 正向 | = (the names the other way round): neither is part of the
        # name, and the operator goes with the value
        (
            "一级指标二级指标三级指标指标性质指标方向目标值计量单位",
            [
                "产出指标数量指标出差人次正向=24人次",
                "产出指标质量指标工作任务完成率正向=100%",
                "满意度指标服务对象满意度指标群众满意度正向≥95%",
            ],
            "direction",
            [("出差人次", "=24人次", "正向"), ("工作任务完成率", "=100%", "正向"), ("群众满意度", "≥95%", "正向")],
        ),
    ],
    ids=["value columns ending in a known name", "direction and operator columns"],
)
def test_glued_headers_read_by_what_their_columns_hold(header, rows, field, expected):
    found = extract("\n".join([header, *rows])).projects[0].indicators
    assert [(i.level3, i.value, getattr(i, field)) for i in found] == expected


def test_a_cell_a_line_each_ended_by_a_lone_pipe_with_cells_wrapped_and_merged():
    """Every cell on its own lines, then a lone '|': a cell wrapped in a narrow column (一级 / 指标,
    绩 / 效 / 指 / 标) is one cell, and merged cells print once, so rows are read by what their
    cells hold (not cut at the header's width), each at its own line."""
    cells = ["项目名称", "伤残军人医疗费", "主管部门", "区医疗保障局"]
    cells += ["绩\n效\n指\n标", "一级\n指标", "二级指标", "三级指标", "指标值"]
    cells += ["产出指标", "数量指标", "伤残军人数量", "52人", "质量指标", "住院医疗费用报销比例", "100%"]
    cells += ["时效指标", "及时享受医疗待遇保障时间", "医疗费用发生时", "成本指标", "项目资金年成本", "≤100万元"]
    cells += ["效益指标", "社会效益指标", "营造拥军优属的良好氛围", "影响明显", "经济效益指标", "", ""]
    result = extract("\n".join(f"{cell}\n|" for cell in cells))
    found = [(i.level1, i.level2, i.level3, i.value, i.source_line) for i in result.projects[0].indicators]
    assert found == [
        ("产出指标", "数量指标", "伤残军人数量", "52人", 23),
        ("产出指标", "质量指标", "住院医疗费用报销比例", "100%", 31),
        ("产出指标", "时效指标", "及时享受医疗待遇保障时间", "医疗费用发生时", 37),
        ("产出指标", "成本指标", "项目资金年成本", "≤100万元", 43),
        ("效益指标", "社会效益指标", "营造拥军优属的良好氛围", "影响明显", 49),
    ]
    assert result.projects[0].name == "伤残军人医疗费"


def test_glued_rows_the_split_cannot_place_are_recorded_and_the_table_goes_on():
    """Under a glued header, a row that cannot be cut with confidence (a description glued to the
    name with nothing to tell where it starts) is recorded as a problem, and the rows after it
    are still read; a basis column takes what reads as one (计划标准)."""
    text = "\n".join(
        [
            "一级指标二级指标三级指标指标内容指标值绩效标准",
            "产出指标数量指标补助人数反映实际发放人数250人计划标准",
            "质量指标补贴覆盖率对符合条件的对象发放的覆盖率按时足额发放",  # no value: cannot be cut
            "时效指标完成及时率反映按计划进度完成情况100%历史标准",
        ]
    )
    result = extract(text)
    assert [(i.level2, i.level3, i.value, i.description, i.basis) for i in result.projects[0].indicators] == [
        ("数量指标", "补助人数", "250人", "反映实际发放人数", "计划标准"),
        ("时效指标", "完成及时率", "100%", "反映按计划进度完成情况", "历史标准"),
    ]
    assert [(p.source_line, p.kind) for p in result.problems if p.kind == "unplaced_row"] == [(3, "unplaced_row")]


def test_a_label_broken_before_its_last_word_and_a_sign_off_joining_two_labels():
    text = "\n".join(
        [
            "项目名称 党支部书记补贴",
            "一级指标 二级指标 三级指标 指标值",
            "产出指标 数量指标 按时发放率 100%",
            "效益指标 社会效益",
            "指标",
            "激发为民办事的热情 100%",
            "满意度指标 服务对象",
            "满意度指标",
            "群众满意度 ≧95%",
            "经办人及联系电话:王某",  # the sign-off, though its labels are joined
            "上报时间: 2021 年10 月 26日",
        ]
    )
    result = extract(text)
    assert rows_of(result) == [
        ("产出指标", "数量指标", "按时发放率", "100%"),
        ("效益指标", "社会效益指标", "激发为民办事的热情", "100%"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≧95%"),
    ]


def test_prose_targets_end_at_the_next_numbered_section():
    text = "\n".join(
        [
            "一、产出指标",
            "数量指标",
            "保洁河道长度≥12公里;",
            "质量指标",
            "河道保洁合格率≥95%;",
            "2.部门绩效评价结果。",
            "本部门按要求对2020年部门整体支出绩效评价情况开展自评,报告见附件。",
        ]
    )
    result = extract(text)
    assert [(i.level3, i.value) for i in result.projects[0].indicators] == [
        ("保洁河道长度", "≥12公里"),
        ("河道保洁合格率", "≥95%"),
    ]


def test_a_label_known_only_as_a_whole_cell_does_not_split_glued_text():
    """项目完成 is a level 1 where a cell holds it alone; inside glued text (反映该项目完成时间) it
    is a phrase, not a category starting there."""
    text = "\n".join(
        [
            "一级指标二级指标三级指标指标值指标值内容",
            "产出指标数量指标补助学生数量168反映补助学生人数",
            "时效指标任务完成时间2023年12月31日反映该项目完成时间",
        ]
    )
    assert [(i.level2, i.level3, i.value) for i in extract(text).projects[0].indicators] == [
        ("数量指标", "补助学生数量", "168"),
        ("时效指标", "任务完成时间", "2023年12月31日"),
    ]


def test_an_excerpt_opening_inside_a_table_printed_a_cell_a_line():
    """No header: the cells are grouped into rows at each category label and at each name after a
    value, and read as a table whose columns come from what its rows hold (said so in problems),
    up to the next table's column names."""
    cells = ["数量指标", "培训人次", "≥300人次", "310人次", "质量指标", "培训合格率", "≥95%", "98%"]
    cells += ["时效指标", "按时完成率", "100%", "100%", "效益指标", "社会效益指标", "就业人数", "≥50人", "62人"]
    after = ["序号", "学校性质", "培训机构", "培训人数", "1", "民办", "远航职业培训学校", "842"]  # the next table
    after += ["2", "民办", "精准职业培训学校", "900", "3", "公办", "富康职业培训学校", "941"]
    result = extract("\n".join(["技能培训项目", *cells, *after]))
    found = [(i.level2, i.level3, i.value, i.source_line) for i in result.projects[0].indicators]
    assert found == [
        ("数量指标", "培训人次", "≥300人次", 2),
        ("质量指标", "培训合格率", "≥95%", 6),
        ("时效指标", "按时完成率", "100%", 10),
        ("社会效益指标", "就业人数", "≥50人", 14),
    ]
    assert [p.kind for p in result.problems][:1] == ["no_header"]


def test_a_cell_a_line_name_that_reads_like_a_value_before_its_kind_and_the_next_section():
    """A cell a line, unit and operator columns between the name and the value: a name reading
    like a value (系统稳定运行) followed by what the unit column holds in a qualitative row (定性)
    opens its row; the document's next section ((四)…) ends the table, not a row of its own."""
    cells = ["指标名称", "计量单位", "指标性质", "指标值", "巡逻车辆", "辆", "=", "40"]
    cells += ["系统稳定运行", "定性", "良好", "运维成本", "万元", "≤", "120", "群众满意度", "%", "≥", "90"]
    result = extract("\n".join(["(三)绩效目标。", *cells, "(四)部门(单位)职能职责。", "主要职责是维护治安。"]))
    found = [(i.level3, i.value) for i in result.projects[0].indicators]
    assert found == [("巡逻车辆", "=40辆"), ("系统稳定运行", "良好"), ("运维成本", "≤120万元"), ("群众满意度", "≥90%")]
    assert not [p for p in result.problems if p.kind == "unplaced_row"]


def test_a_cell_a_line_table_numbering_its_rows_the_number_after_a_value_opens_the_next_row():
    """A cell a line under 序号 | 三级指标 | 年度指标值: the number after a row's value is the next
    row's 序号, not a column the header lost."""
    rows = [("1", "义诊活动次数", "4次"), ("2", "健康宣传专栏", "12期"), ("3", "宣传覆盖面", "拓宽")]
    rows += [("4", "患者满意度", "≥90%")]
    text = "\n".join(["表1:义诊宣传项目绩效目标", "序号", "三级指标", "年度指标值", *(c for row in rows for c in row)])
    result = extract(text)
    assert [(i.level3, i.value) for i in result.projects[0].indicators] == [row[1:] for row in rows]
    assert not [p for p in result.problems if p.kind == "unplaced_cell"]


def test_a_cell_a_line_target_and_result_of_a_character_each_are_two_cells():
    """A cell a line, a target and its result one character each (是 / 是): two cells, not a
    label printed a character a line joined into 是是; a label so printed still joins."""
    cells = ["一级指标", "二级指标", "三级指标", "预算设定指标值", "项目完成指标值"]
    cells += ["产", "出", "指", "标", "质量指标", "设备验收合格率", "100%", "100%"]
    cells += ["时效指标", "验收手续是否完备", "是", "是", "效益指标", "社会效益指标", "教学质量提升", "优", "良"]
    result = extract("\n".join(cells))
    found = [(i.level1, i.level3, i.value, i.actual) for i in result.projects[0].indicators]
    assert found == [
        ("产出指标", "设备验收合格率", "100%", "100%"),
        ("产出指标", "验收手续是否完备", "是", "是"),
        ("效益指标", "教学质量提升", "优", "良"),
    ]


def test_an_excerpt_opening_inside_a_table_whose_rows_print_both_labels_and_targets_in_words():
    """No header, every row printing both labels after an empty first cell, then its name, target
    and result: rows whose target is in words belong to the table that the rows holding values
    shape, and the columns are where the rows print them (not shifted by the empty cell)."""
    text = "\n".join(
        [
            "\t项目完成指标\t质量指标\t完善社区服务设施\t设施条件改善\t明显改善",
            "\t项目完成指标\t数量指标\t新建日间照料中心\t4个\t4个",
            "\t效益指标\t社会效益指标\t群众办事便利程度\t有所提升\t显著提升",
            "\t满意度指标\t服务对象满意度指标\t居民满意度\t≥85%\t93%",
            "",
            "2.部门绩效评价结果。本部门按要求开展了自评。",
        ]
    )
    result = extract(text)
    assert rows_of(result) == [
        ("项目完成指标", "质量指标", "完善社区服务设施", "设施条件改善"),
        ("项目完成指标", "数量指标", "新建日间照料中心", "4个"),
        ("效益指标", "社会效益指标", "群众办事便利程度", "有所提升"),
        ("满意度指标", "服务对象满意度指标", "居民满意度", "≥85%"),
    ]


def test_an_excerpt_a_cell_a_line_whose_rows_open_on_both_labels_and_hold_words_only():
    """A cell a line between lone pipes, no header and no figure in any target: the labels opening
    every row at the same distance group the cells into rows (a text after a value does not
    start a row there), and the text after the table stays text."""
    rows = [
        ("项目完成指标", "数量指标", "完成辖区绿化养护", "完成辖区绿化养护。", "按合同完成12.5万元养护。"),
        ("项目完成指标", "质量指标", "养护质量达标", "达到养护标准。", "达到养护标准。"),
        ("效益指标", "生态效益指标", "改善人居环境", "人居环境改善。", "人居环境明显改善。"),
        ("满意度指标", "服务对象满意度指标", "居民满意", "居民满意。", "居民满意。"),
    ]
    cells = [cell for row in rows for cell in row]
    text = "\n|\n".join(cells) + "\n2.部门绩效评价结果。\n本部门按要求对2020年部门整体支出开展自评。"
    result = extract(text)
    assert rows_of(result) == [row[:4] for row in rows]
    assert not [p for p in result.problems if p.kind == "prose_targets"]


def test_an_excerpt_a_cell_a_line_whose_rows_names_read_as_values_or_labels():
    """No header, a cell a line, rows parted by pipes: rows opening on a label whose name reads as
    a value (全年) or a label (成本) belong to the table the other rows shape."""
    rows = [
        ("数量指标", "培训场次", "至少全年完成4场培训", "已完成100%"),
        ("质量指标", "培训质量", "按质按量完成", "已完成100%"),
        ("时效指标", "全年", "1-12月", "已完成100%"),
        ("成本指标", "成本", "8万元", "已完成100%"),
        ("满意度指标", "学员满意度", "90%", "已完成100%"),
    ]
    text = "\n".join(["实施进度", *("\n".join(row) + "\n| |" for row in rows), "3.分析评价申报内容是否与实际相符"])
    found = [(i.level2, i.level3, i.value) for i in extract(text).projects[0].indicators]
    assert found == [row[:3] for row in rows]


def test_an_excerpt_a_cell_a_line_whose_blocks_are_as_long_as_each_other():
    """No header, a cell a line, each level-1 block of four rows as many cells long as the next:
    the blocks are not rows (a label inside one says so); each row is read."""
    rows = [
        ("产出指标", "数量指标", "送戏下乡场次", "≥60场"),
        ("质量指标", "演出完成率", "≥95%"),
        ("时效指标", "项目完成时限", "2025年12月"),
        ("成本指标", "项目金额", "6万元"),
        ("效益指标", "经济效益指标", "是否产生经济价值", "否"),
        ("社会效益指标", "保障群众文化权益", "明显"),
        ("生态效益指标", "是否影响生态环境", "否"),
        ("可持续影响指标", "满足群众文化需求", "长期"),
        ("满意度指标", "满意度指标", "受益群众满意程度", "≥90%"),
    ]
    text = "\n".join(["||", *("\n".join(row) + "\n|||" for row in rows)])
    found = [(i.level2, i.level3, i.value) for i in extract(text).projects[0].indicators]
    assert found == [row[-3:] for row in rows]


def test_an_excerpt_of_a_self_evaluation_whose_rows_print_target_result_and_one_figure():
    """No header, each row printing its target, what it achieved and one figure (a weight or a
    score): the cell after the target is the result, so a target in words that the result
    repeats is not taken for the name."""
    text = "\n".join(
        [
            "产出指标(40分)\t数量指标\t采购存储设备\t20TB\t20TB\t10",
            "质量指标\t以最新资源上架\t资源以当年出版为主\t资源以当年出版为主\t10",
            "时效指标\t读者可使用时长\t全天候可用\t全天候\t10",
            "效益指标(30分)\t社会效益\t方便读者查阅\t查询范围扩展到省馆\t查询范围扩展到省馆\t10",
        ]
    )
    found = [(i.level3, i.value, i.actual) for i in extract(text).projects[0].indicators]
    assert found == [
        ("采购存储设备", "20TB", "20TB"),
        ("以最新资源上架", "资源以当年出版为主", "资源以当年出版为主"),
        ("读者可使用时长", "全天候可用", "全天候"),
        ("方便读者查阅", "查询范围扩展到省馆", "查询范围扩展到省馆"),
    ]


def test_an_excerpt_of_a_self_evaluation_a_kind_alone_where_a_later_row_target_goes():
    """No header, the columns read from the first rows (target, result, score): a later row
    printing its value's kind where the target goes (定性 | 优良中低差) keeps the kind apart and
    the cell after it as the target."""
    rows = [
        ("产出指标", "数量指标", "巡查次数", "≥12次", "14", "10"),
        ("", "质量指标", "隐患整改率", "≥95%", "97", "10"),
        ("", "时效指标", "整改完成时限", "≤30天", "25", "10"),
        ("", "成本指标", "巡查成本预算", "=6万元", "6", "5"),
        ("效益指标", "社会效益指标", "环境美化率", "≥90%", "93", "10"),
        ("", "", "隐患有效处置率", "≥90%", "91", "10"),
        ("", "可持续影响指标", "整治管理机制健全性", "定性", "优良中低差"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥95%", "96", "10"),
    ]
    found = [(i.level3, i.value) for i in extract("\n".join("\t".join(row) for row in rows)).projects[0].indicators]
    assert found == [(row[2], row[3] if row[3] != "定性" else row[4]) for row in rows]


def test_an_excerpt_of_a_two_sided_form_a_side_a_row_reads_each_indicator_once():
    """No header, a two-sided form (中期 | 年度) grouped a side a row: the same indicator twice
    running is one, the second side's target the year's and the first the period's; a form's
    unused row (社会成本指标 | 0 | 0) is no indicator, and is recorded."""
    sides = [
        ("预期产出指标", "数量指标(或建筑规模指标)", "完成验收项目数", "6"),
        ("预期产出指标", "数量指标(或建筑规模指标、工程量指标)", "完成验收项目数", "4"),
        ("预期产出指标", "质量指标", "验收合格率", "100%"),
        ("预期产出指标", "质量指标", "验收合格率", "≥98%"),
        ("效果指标", "社会效益指标", "群众投诉率", "≤2%"),
        ("效果指标", "社会效益指标", "群众投诉率", "≤1%"),
    ]
    unused = "成本指标\t社会成本指标\t0\t0\t反映实施项目对社会发展可能造成的负面影响"
    result = extract("\n".join([*("\t".join(side) for side in sides), unused]))
    found = [(i.level2, i.level3, i.value, i.value_period) for i in result.projects[0].indicators]
    assert found == [
        ("数量指标(或建筑规模指标、工程量指标)", "完成验收项目数", "4", "6"),
        ("质量指标", "验收合格率", "≥98%", "100%"),
        ("社会效益指标", "群众投诉率", "≤1%", "≤2%"),
    ]
    assert "社会成本指标" in " ".join(p.raw for p in result.problems if p.kind == "unplaced_row")


def test_a_self_evaluation_excerpt_opening_inside_its_table_reads_the_weight_apart():
    """No header, each row's 分值 printed before its target: a figure alone before a target with
    its unit is the weight, not the target."""
    text = "\n".join(
        [
            "产出指标(50分) | 数量指标 | 农村低保发放人数 | 5 | >=21933人 | 21980人 | 5 |",
            "| 临时救助人次数 | 5 | >=59人次 | 87人次 | 5 |",
            "| 质量指标 | 农村低保标准 | 10 | >=640元 | 640元 | 10 |",
            "| 救助供养基本生活标准 | 10 | >=832元 | 832元 | 10 |",
            "效益指标(30分) | 社会效益指标 | 受益贫困人口数 | 30 | >=9431人 | 9453人 | 30 |",
        ]
    )
    found = [(i.level3, i.value, i.weight) for i in extract(text).projects[0].indicators]
    assert found == [
        ("农村低保发放人数", ">=21933人", "5"),
        ("临时救助人次数", ">=59人次", "5"),
        ("农村低保标准", ">=640元", "10"),
        ("救助供养基本生活标准", ">=832元", "10"),
        ("受益贫困人口数", ">=9431人", "30"),
    ]


def test_a_self_evaluation_excerpt_opening_inside_its_table_takes_the_target_before_the_result():
    """No header; each row prints its name, target, result and a note, its labels on a block's
    first row only, so the rows' widths differ: the columns are read from the shape most rows
    print right of their labels, not from a row whose target is a phrase (通过…验收), which would
    make the last value the target (the result) in every row."""
    text = "\n".join(
        [
            "产出指标 | 数量指标 | 新建游步道 | 3公里 | 2.6公里 | —— |",
            "| 质量指标 | 工程质量 | 通过市住建局组织的竣工验收 | 一次性 | 未完成 |",
            "| 验收合格率 | 100% | 0% | —— |",
            "| 时效指标 | 完工时间 | 10个月 | 12个月 | —— |",
            "| 成本指标 | 工程造价 | ≤300万元 | 280万元 | —— |",
        ]
    )
    found = [(i.level2, i.level3, i.value) for i in extract(text).projects[0].indicators]
    assert [row for row in found if row[1] != "通过市住建局组织的竣工验收"] == [
        ("数量指标", "新建游步道", "3公里"),
        ("质量指标", "验收合格率", "100%"),
        ("时效指标", "完工时间", "10个月"),
        ("成本指标", "工程造价", "≤300万元"),
    ]


def test_cells_grouped_without_a_header_stop_at_the_next_tables_column_names():
    from perfkb.headerless import grouped_cell_runs
    from perfkb.models import Row

    cells = ["数量指标", "培训人次", "≥300人次", "310人次", "质量指标", "培训合格率", "≥95%", "98%"]
    cells += ["时效指标", "按时完成率", "100%", "100%", "序号", "学校性质", "培训人数", "1", "民办", "842"]
    rows = grouped_cell_runs([Row(k + 1, [cell]) for k, cell in enumerate(cells)])
    assert [row.cells for row in rows if len(row.cells) > 1] == [
        ["数量指标", "培训人次", "≥300人次", "310人次"],
        ["质量指标", "培训合格率", "≥95%", "98%"],
        ["时效指标", "按时完成率", "100%", "100%"],
    ]


def test_an_excerpt_opening_under_the_header_labels_printed_once_and_grades_as_targets():
    """No header, and the block's labels printed on its first row only (merged cells): a row
    holding a level 1 and a level 2 opens an indicator table. A grade alone (较高) is a target."""
    text = "\n".join(
        [
            "| 产出指标 | 数量指标 | 保障在职职工人数(人) | = | 116 | 人 | 该指标值数据合理 | |",
            "| 保障退休职工人数(人) | = | 81 | 人 | 该指标值数据合理 | |||",
            "| 湿地保有量(公顷) | = | 4900 | 公顷 | 该指标值数据合理 | |||",
            "| 质量指标 | 经费支出合规性 | 较高 |  | 该指标值数据合理 | |||",
            "| 林业产业(万亩) | = | 0.5 | 万亩 | 该指标值数据合理 | |||",
        ]
    )
    found = [(i.level2, i.level3, i.value) for i in extract(text).projects[0].indicators]
    assert found == [
        ("数量指标", "保障在职职工人数(人)", "=116人"),
        ("数量指标", "保障退休职工人数(人)", "=81人"),
        ("数量指标", "湿地保有量(公顷)", "=4900公顷"),
        ("质量指标", "经费支出合规性", "较高"),
        ("质量指标", "林业产业(万亩)", "=0.5万亩"),
    ]
    # the only labels on the first row
    unlabelled = text.replace("| 质量指标 | 经费支出合规性 | 较高 |  |", "| 经费支出合规性 | 较高 |  |")
    assert [i.level2 for i in extract(unlabelled).projects[0].indicators] == ["数量指标"] * 5


def test_a_glued_header_printed_again_under_glued_rows_is_no_unplaced_row():
    text = "\n".join(
        [
            "一级指标二级指标三级指标指标值",
            "产出指标数量指标培训人次300人次",
            "质量指标培训合格率95%",
            "2023年度二级项目绩效目标一级指标二级指标三级指标指标值",
            "产出指标数量指标发放人数120人",
            "时效指标发放及时率100%",
        ]
    )
    result = extract(text)
    found = [(i.level3, i.value) for p in result.projects for i in p.indicators]
    assert found == [("培训人次", "300人次"), ("培训合格率", "95%"), ("发放人数", "120人"), ("发放及时率", "100%")]
    assert not [p for p in result.problems if p.kind == "unplaced_row"]


def test_a_glued_row_whose_cells_wrapped_onto_the_next_lines():
    """A glued table a row a line, one row's cells broken over lines as the original wrapped them:
    the lines that make one row together are read as that row."""
    text = "\n".join(
        [
            "一级指标二级指标三级指标指标性质指标方向目标值计量单位分值",
            "效益指标(30分)可持续影响推动检察院业务装备建设的标准化",
            "规范化配置正向",
            "长期15",
            "产出指标(50分)成本指标车辆购置成本反向小于等于12万元5",
            "质量指标设备验收合格率正向等于100%7.5",
        ]
    )
    found = [(i.level2, i.level3, i.value, i.source_line) for i in extract(text).projects[0].indicators]
    assert found == [
        ("可持续影响", "推动检察院业务装备建设的标准化规范化配置", "长期", 2),
        ("成本指标", "车辆购置成本", "≤12万元", 5),
        ("质量指标", "设备验收合格率", "=100%", 6),
    ]


def test_glued_rows_under_a_noted_header_wrapped_labels_and_rows_with_no_category():
    """A glued table a row a line as a page's text keeps it: the last column name's note after the
    header (指标值(包含…)), the form's title cell and a level 1 wrapped over two lines (绩效指标项目完成
    / 指标), rows printing no category (a short one that cannot be cut is recorded and the table
    goes on), a label printed twice (its own level 2), and the next form's title ending the rows."""
    text = "\n".join(
        [
            "绩效指标一级指标二级指标三级指标指标值(包含数字及文字描述)",
            "绩效指标项目完成",
            "指标",
            "数量指标慰问休养员人数32人",
            "宣传教育覆盖全区所有人员",  # no category, no value pattern: cannot be cut
            "质量指标知识知晓率100%",
            "项目效益",
            "指标",
            "社会效益指标群众防治意识明显增强",
            "满意度指标满意度指标群众满意度≥95%",
            "部门(单位)整体绩效目标申报表",
            "蓝色的行为表头行请不要修改",
        ]
    )
    result = extract(text)
    assert [(i.level1, i.level2, i.level3, i.value) for i in result.projects[0].indicators] == [
        ("项目完成指标", "数量指标", "慰问休养员人数", "32人"),
        ("项目完成指标", "质量指标", "知识知晓率", "100%"),
        ("项目效益指标", "社会效益指标", "群众防治意识", "明显增强"),
        ("满意度指标", "满意度指标", "群众满意度", "≥95%"),
    ]
    assert [(p.source_line, p.raw) for p in result.problems if p.kind == "unplaced_row"] == [
        (5, "宣传教育覆盖全区所有人员")
    ]


def test_glued_rows_past_a_placeholder_and_labels_broken_over_lines():
    """A self-evaluation form's glued rows a line: a category with only a template placeholder
    (……) under it does not end the table; a level 2 broken over two lines (经济效益 / 指标, or
    after its level 1: 满意度指标服务对象 / 满意度指标) heads the rows under it; the form's 说明 row
    alone ends them."""
    text = "\n".join(
        [
            "二级指标三级指标指标值全年实际完成值未完成原因和改进措施",
            "数量指标新建村道里程1212",
            "成本指标",
            "",
            "……",
            "经济效益",
            "指标",
            "带动沿线产业发展明显明显",
            "满意度指标服务对象",
            "满意度指标",
            "沿线群众满意度9596",
            "……",
            "说明",
            "注:1.资金使用单位按项目填报。",
        ]
    )
    result = extract(text)
    assert [(i.level2, i.level3, i.value, i.actual) for i in result.projects[0].indicators] == [
        ("数量指标", "新建村道里程", "12", "12"),
        ("经济效益指标", "带动沿线产业发展", "明显", "明显"),
        ("服务对象满意度指标", "沿线群众满意度", "95", "96"),
    ]
    assert not [p for p in result.problems if p.kind == "unplaced_row"]


def test_a_spaced_self_evaluation_numbered_names_weights_before_broken_labels_and_a_glued_target():
    """A self-evaluation form as a spreadsheet's text leaves it, cells split by spaces: a numbered
    name that reads like a target (指标1:管网验收合格) beside its weight and score is the name; a
    category's weight on its own line ((30分)) does not open the label broken under it (社会效益 /
    指标); a target glued to its name in a row whose value cells are empty is the target."""
    text = "\n".join(
        [
            "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施",
            "产出指标",
            "(50分)",
            "数量指标 指标1:新建污水管网长度 8公里 8公里 10 10",
            "指标2:",
            "……",
            "质量指标 指标1:管网验收合格 10 10",
            "时效指标 指标1:年度资金拨付率100% 10 10",
            "效益指标",
            "(30分)",
            "社会效益",
            "指标",
            "指标1:改善群众生活环境 10 9",
        ]
    )
    result = extract(text)
    assert [(i.level2, i.level3, i.value, i.weight, i.score) for i in result.projects[0].indicators] == [
        ("数量指标", "新建污水管网长度", "8公里", "10", "10"),
        ("质量指标", "管网验收合格", "", "10", "10"),
        ("时效指标", "年度资金拨付率", "100%", "10", "10"),
        ("社会效益指标", "改善群众生活环境", "", "10", "9"),
    ]
    assert not [p for p in result.problems if p.kind == "unplaced_row"]


def test_glued_rows_a_line_with_no_header_above_them():
    """An excerpt opening inside a glued table, a row a line: the rows are read from the first
    one on (the block's labels printed further down), the figure after each target is no part
    of it, and the total line ends them. Lines of a budget, with no category label, stay text."""
    text = "\n".join(
        [
            "农村公路养护资金拨付及时率=100%5",
            "养护路段验收合格率≥95%10",
            "成本指标农村公路日常养护成本≤3200元/公里5",
            "效益指标社会效益指标群众出行条件改善程度明显改善15",
            "农村公路优良路率≥80%10",
            "可持续影响指标养护管理机制健全性定性优良中低差10",  # the value's kind before a scale of grades
            "满意度指标服务对象满意度指标沿线群众满意度≥90%10",
            "合计100",
            "",
            "办公费12.5万元",
            "差旅费3万元",
            "印刷费2万元",
        ]
    )
    result = extract(text)
    assert [(i.level2, i.level3, i.value) for i in result.projects[0].indicators] == [
        ("", "农村公路养护资金拨付及时率", "=100%"),
        ("", "养护路段验收合格率", "≥95%"),
        ("成本指标", "农村公路日常养护成本", "≤3200元/公里"),
        ("社会效益指标", "群众出行条件改善程度", "明显改善"),
        ("社会效益指标", "农村公路优良路率", "≥80%"),
        ("可持续影响指标", "养护管理机制健全性", "优良中低差"),
        ("服务对象满意度指标", "沿线群众满意度", "≥90%"),
    ]


def test_glued_self_evaluation_rows_a_line_with_no_header_above_them():
    """The same, from a self-evaluation: each target glued to what the row achieved and its score
    (≥80%8210: 82 | 10), and a row printing nothing after its target has them on the next line.
    The figures after a target are no part of it, nor is a name's end part of the value
    (农村公路 | 优良路率≥80%8210), and the line of figures is kept as unplaced text."""
    text = "\n".join(
        [
            "农村公路养护资金拨付及时率=100%1005",
            "",
            "成本指标农村公路日常养护成本≤3200元/公里31005",
            "",
            "效益指标社会效益指标农村公路优良路率≥80%8210",
            "",
            "群众出行条件改善程度明显改善明显改善15",
            "可持续影响指标养护管理机制健全性定性优良中低差",
            "优10",
            "满意度指标服务对象满意度指标沿线群众满意度≥90%9310",
            "合计100",
        ]
    )
    result = extract(text)
    assert [(i.source_line, i.level2, i.level3, i.value) for i in result.projects[0].indicators] == [
        (1, "", "农村公路养护资金拨付及时率", "=100%"),
        (3, "成本指标", "农村公路日常养护成本", "≤3200元/公里"),
        (5, "社会效益指标", "农村公路优良路率", "≥80%"),
        (7, "社会效益指标", "群众出行条件改善程度", "明显改善"),
        (8, "可持续影响指标", "养护管理机制健全性", "优良中低差"),
        (10, "服务对象满意度指标", "沿线群众满意度", "≥90%"),
    ]
    assert [(p.source_line, p.raw) for p in result.problems if p.kind == "unplaced_row"] == [(9, "优10")]


def test_glued_self_evaluation_rows_cut_between_target_and_result():
    """Rows a line under a glued self-evaluation header: a result well above its floor (≥3 | 7,
    ≥124 | 253) or below its ceiling is cut from its target; a result is never a name's end with
    its target (化妆品 | 不良反应 | 每百万人口报告数≥1010); a year's end is a deadline."""
    text = "\n".join(
        [
            "2022年度项目绩效自评表",
            "一级指标二级指标三级指标指标值完成值",
            "产出指标数量指标培训场次≥37",
            "监管企业数≥124253",
            "质量指标抽检合格率100%100%",
            "化妆品不良反应每百万人口报告数≥1010",
            "时效指标任务完成时间2022年底2022年底",
            "成本指标培训成本≤400元/人180元/人",
        ]
    )
    result = extract(text)
    assert [(i.level2, i.level3, i.value, i.actual) for i in result.projects[0].indicators] == [
        ("数量指标", "培训场次", "≥3", "7"),
        ("数量指标", "监管企业数", "≥124", "253"),
        ("质量指标", "抽检合格率", "100%", "100%"),
        ("质量指标", "化妆品不良反应每百万人口报告数", "≥10", "10"),
        ("时效指标", "任务完成时间", "2022年底", "2022年底"),
        ("成本指标", "培训成本", "≤400元/人", "180元/人"),
    ]


def test_glued_self_evaluation_names_in_quotes_and_changes_by_a_figure():
    """Glued self-evaluation rows a line: a name may open with quotes or a title's brackets
    (“科普进社区”…, 《身边的科普》栏目); a result printing the target's figure without its
    operator (不少于800篇 | 800篇) is achieved as planned, so the operator is the target's, not the
    name's; a change by a figure (提升10%) is the target whole."""
    text = "\n".join(
        [
            "年度绩效目标(80分)一级指标二级指标三级指标年初目标值(A)实际完成值(B)得分",
            "产出指标数量指标“科普进社区”公众号推送不少于800篇800篇8",
            "开展科普日活动10场9场7",
            "《身边的科普》栏目200期200期8",
            "效益指标社会效益指标公民科学素质提升10%提升10%6",
            "生态效益指标生态文明意识提升5%提升5%6",
        ]
    )
    result = extract(text)
    assert [(i.level2, i.level3, i.value, i.actual, i.score) for i in result.projects[0].indicators] == [
        ("数量指标", "“科普进社区”公众号推送", "不少于800篇", "800篇", "8"),
        ("数量指标", "开展科普日活动", "10场", "9场", "7"),
        ("数量指标", "《身边的科普》栏目", "200期", "200期", "8"),
        ("社会效益指标", "公民科学素质", "提升10%", "提升10%", "6"),
        ("生态效益指标", "生态文明意识", "提升5%", "提升5%", "6"),
    ]


def test_glued_labels_with_a_fill_in_instruction():
    """A category label glued to its form's instruction (质量指标(必填)): the note is the label's,
    not the name's, and the label is stored without it."""
    text = "\n".join(
        [
            "一级指标二级指标三级指标指标值",
            "产出指标数量指标(必填)新建护林道路长度(公里)30",
            "质量指标(必填)苗木成活率(≥**%)85",
            "时效指标(必填)项目完成时间2023年底",
            "效益指标社会效益指标(选填)受益人数(人)132",
        ]
    )
    result = extract(text)
    assert [(i.level1, i.level2, i.level3, i.value) for i in result.projects[0].indicators] == [
        ("产出指标", "数量指标", "新建护林道路长度(公里)", "30"),
        ("产出指标", "质量指标", "苗木成活率(≥**%)", "85"),
        ("产出指标", "时效指标", "项目完成时间", "2023年底"),
        ("效益指标", "社会效益指标", "受益人数(人)", "132"),
    ]
    # A scrambled real page whose labels print the instruction: no name ends on a word joining it
    # to more (茶叶于 | 2022年), so its prose is not read as rows.
    page = FIXTURES / "realworld11" / "ningxia_guyuan_yuanzhou_mzj_bianxiaocha_2022.txt"
    assert not [i.level3 for p in extract(page.read_text(encoding="utf-8")).projects for i in p.indicators]


def test_glued_self_evaluation_table_on_one_line_with_results_in_words():
    """A whole glued self-evaluation on one line (an Anhui form as document sites keep it): most
    rows' result is one phrase repeated (达成预期指标), so a target in words of any length ends where
    it starts, after a name closing on a name's ending; the weight and score after it are cut by
    their one check (1010: 10 | 10); a figure's one-character unit may open the next name
    (191010单期…: 19 | 10 | 10); a result glued to its figures is checked against the target
    printed before it."""
    header = "绩效指标一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
    rows = (
        "产出指标(50分)数量指标培训班次≥6期61010质量指标培训合格率≥95%971010"
        "资金使用合规性严格执行资金管理办法达成预期指标1010时效指标培训完成及时性按计划时间完成达成预期指标1010"
        "成本指标培训总成本≤20万元191010单期培训成本符合预算标准达成预期指标1010"
        "效益指标(30分)社会效益指标对提升基层干部能力的影响程度效果明显达成预期指标1515"
        "可持续影响指标对培训机制长效运行的影响程度效果明显达成预期指标1515"
        "满意度指标(10分)满意度指标学员满意度≥90%931010总分100"
    )
    result = extract("项目支出绩效自评表(2022年度)\n" + header + rows)
    assert [(i.level2, i.level3, i.value, i.actual, i.weight, i.score) for i in result.projects[0].indicators] == [
        ("数量指标", "培训班次", "≥6期", "6", "10", "10"),
        ("质量指标", "培训合格率", "≥95%", "97", "10", "10"),
        ("质量指标", "资金使用合规性", "严格执行资金管理办法", "达成预期指标", "10", "10"),
        ("时效指标", "培训完成及时性", "按计划时间完成", "达成预期指标", "10", "10"),
        ("成本指标", "培训总成本", "≤20万元", "19", "10", "10"),
        ("成本指标", "单期培训成本", "符合预算标准", "达成预期指标", "10", "10"),
        ("社会效益指标", "对提升基层干部能力的影响程度", "效果明显", "达成预期指标", "15", "15"),
        ("可持续影响指标", "对培训机制长效运行的影响程度", "效果明显", "达成预期指标", "15", "15"),
        ("满意度指标", "学员满意度", "≥90%", "93", "10", "10"),
    ]


def test_glued_self_evaluation_rows_a_line_with_results_in_words():
    """The same form's rows a line each under its glued header: the phrase most lines print as
    their result (达成预期指标) is found over the table's lines, and a target may print the name's
    end again (带动农户增收 | 农户增收) or the whole name (巩固脱贫成果 | 巩固脱贫成果)."""
    text = "\n".join(
        [
            "绩效指标一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施",
            "产出指标(50分)数量指标开展技术培训≥3次41010",
            "质量指标农户种植技术水平提升种植技术水平提升达成预期指标2020",
            "时效指标培训完成及时性按计划完成达成预期指标1010",
            "效益指标(30分)经济效益指标带动农户增收农户增收达成预期指标1010",
            "社会效益指标巩固脱贫成果巩固脱贫成果达成预期指标1010",
            "满意度指标(10分)满意度指标参训农户满意度≥90%951010",
            "总分100100",
        ]
    )
    result = extract(text)
    assert [(i.level2, i.level3, i.value, i.actual, i.weight, i.score) for i in result.projects[0].indicators] == [
        ("数量指标", "开展技术培训", "≥3次", "4", "10", "10"),
        ("质量指标", "农户种植技术水平提升", "种植技术水平提升", "达成预期指标", "20", "20"),
        ("时效指标", "培训完成及时性", "按计划完成", "达成预期指标", "10", "10"),
        ("经济效益指标", "带动农户增收", "农户增收", "达成预期指标", "10", "10"),
        ("社会效益指标", "巩固脱贫成果", "巩固脱贫成果", "达成预期指标", "10", "10"),
        ("满意度指标", "参训农户满意度", "≥90%", "95", "10", "10"),
    ]


def test_glued_targets_printing_the_name_again():
    """A glued row whose target in words is its name printed again (指导城市建设指导城市建设完成10):
    the name once, then the target; a sentence printed twice is no name and its target."""
    text = "\n".join(
        [
            "年度绩效目标1(80分)一级指标二级指标三级指标年初目标值(A)实际完成值(B)得分",
            "产出指标数量指标制作宣传片1部1部10",
            "效益指标经济效益指标统筹城市项目谋划统筹城市项目谋划完成10",
            "社会效益指标指导城市建设指导城市建设完成10",
            "生态效益指标有利于城市生态发展有利于城市生态发展完成10",
            "满意度指标满意度指标群众满意度满意完成10",
        ]
    )
    result = extract(text)
    assert [(i.level2, i.level3, i.value, i.actual, i.score) for i in result.projects[0].indicators] == [
        ("数量指标", "制作宣传片", "1部", "1部", "10"),
        ("经济效益指标", "统筹城市项目谋划", "统筹城市项目谋划", "完成", "10"),
        ("社会效益指标", "指导城市建设", "指导城市建设", "完成", "10"),
        ("生态效益指标", "有利于城市生态发展", "有利于城市生态发展", "完成", "10"),
        ("满意度指标", "群众满意度", "满意", "完成", "10"),
    ]
    # a real page's rows glued: a target printed twice as a sentence (独有数据资源查询,查询范围可扩展
    # 到省图) is a target and its result, not a name's end and the target
    page = FIXTURES / "realworld12" / "hubei_huangshi_tsg_gongxianggongcheng_2022.txt"
    glued = "\n".join(re.sub(r"[\t| ]+", "", line) for line in page.read_text(encoding="utf-8").split("\n"))
    sentence = "独有数据资源查询,查询范围可扩展到省图"
    assert [(i.level3, i.value, i.actual) for p in extract(glued).projects for i in p.indicators if "," in i.value] == [
        ("使读者更方便快捷查找检阅", sentence, sentence)
    ]
    # nor does the bonus for a target so printed carry a table's reading past its total (合计) into
    # the form's text after it (项目年度目标年度目标完成情况…), a real page's rows run onto one line
    sys.path.insert(0, str(ROOT / "bench"))
    import noise

    page = FIXTURES / "realworld7" / "sichuan_daying_ybj_canbao_2023.txt"
    one_line = extract(noise.FLATTENINGS["a table's rows on one line"](page.read_text(encoding="utf-8")))
    assert len([i for p in one_line.projects for i in p.indicators]) == 7  # the table's seven rows


def test_a_cell_a_line_opening_under_the_header_with_words_after_values():
    """An excerpt opening under a header, a cell a line: a short word after a row's value that
    no value follows before the next label (间数, a unit the vocabulary does not know; 无, a
    remark) is that row's, not the next row's name, so the rows still read as a table."""
    cells = [
        *("成本指标", "经济成本指标", "房屋维修成本", "≤", "12", "万元", "考察维修成本控制情况"),
        *("产出指标", "数量指标", "维修门面数量", "=", "9", "间数", "考察维修任务完成数"),
        *("质量指标", "维修质量", "定性", "达标", "无", "考察维修质量"),
        *("时效指标", "完成时间", "=", "1", "年"),
        *("满意度指标", "服务对象满意度指标", "租户满意度", "≥", "90", "%", "考察租户满意度"),
    ]
    result = extract("\n".join(cells))
    assert [(i.source_line, i.level2, i.level3, i.value) for i in result.projects[0].indicators] == [
        (1, "经济成本指标", "房屋维修成本", "≤12万元"),
        (8, "数量指标", "维修门面数量", "=9"),
        (15, "质量指标", "维修质量", "达标"),
        (21, "时效指标", "完成时间", "=1年"),
        (26, "服务对象满意度指标", "租户满意度", "≥90%"),
    ]


def test_glued_rows_under_labels_printed_a_character_a_line():
    """A glued self-evaluation table whose level-1 column is narrow: its label a character a line,
    the last glued to the row (标数量指标…), and a level 2 broken before its 指标, which opens the
    next row's text glued (经济效益 / 指标全年…)."""
    text = "\n".join(
        [
            "绩效指标一级指标二级指标三级指标年度指标值全年完成值分值得分未完成原因和改进措施",
            "产",
            "出",
            "指",
            "标数量指标新增公共厕所数量≥6座6座2020",
            "质量指标验收合格率100%100%1010",
            "效",
            "益",
            "指",
            "标社会效益",
            "指标如厕环境改善程度明显明显55",
        ]
    )
    found = [(i.level1, i.level2, i.level3, i.value) for i in extract(text).projects[0].indicators]
    assert found == [
        ("产出指标", "数量指标", "新增公共厕所数量", "≥6座"),
        ("产出指标", "质量指标", "验收合格率", "100%"),
        ("效益指标", "社会效益指标", "如厕环境改善程度", "明显"),
    ]


def test_a_glued_header_whose_names_break_before_their_last_word():
    """A glued self-evaluation header printed a few characters a line (一级 / 指标 / 二级 / 指标 /
    三级指标预期指标值…得分计算方法), a label's weight on a line of its own ((50分)): the header is
    one, its last column (得分计算方法) a known one, and the rows under it keep their labels."""
    text = "\n".join(
        [
            "一级",
            "指标",
            "二级",
            "指标",
            "三级指标预期指标值(A)实际完成指标值(B)分值得分未完成原因得分计算方法",
            "(50分)",
            "数量指标全年开放天数300天305天2020",
            "质量指标图书外借率≥90%92%1515",
            "(30分)",
            "社会效益指标群众阅读习惯培养明显明显1515",
        ]
    )
    result = extract(text)
    assert [(i.level2, i.level3, i.value, i.weight) for i in result.projects[0].indicators] == [
        ("数量指标", "全年开放天数", "300天", "20"),
        ("质量指标", "图书外借率", "≥90%", "15"),
        ("社会效益指标", "群众阅读习惯培养", "明显", "15"),
    ]
    assert not [p for p in result.problems if p.kind == "unplaced_row"]


def test_a_glued_description_printing_the_name_again_is_cut_where_it_repeats():
    text = "\n".join(
        [
            "项目名称安全隐患维修",
            "一级指标二级指标三级指标绩效指标描述指标值",
            "产出指标数量指标维修面积维修面积≥400平方米",
            "质量指标验收合格率验收合格率≥98百分比",
            "207101天津市河北区人民法院单位:万元",  # the next form's caption ends the rows
            "项目名称办案业务费",
        ]
    )
    result = extract(text)
    assert [(i.level3, i.description, i.value) for i in result.projects[0].indicators] == [
        ("维修面积", "维修面积", "≥400平方米"),
        ("验收合格率", "验收合格率", "≥98百分比"),
    ]
    assert not [p for p in result.problems if p.kind == "unplaced_row"]


@pytest.mark.parametrize(
    "header",
    [
        # the header wrapped over lines: more columns on each
        ["一级指标二级指标三级指标年度指标值", "实际完成值", "分值得分偏差原因分析及改进措施"],
        # …or each name it left unfinished finished on the next line (年度 | 实际 over 指标值 | 完成值)
        ["一级指标二级指标三级指标年度实际分值得分偏差原因分析及改进措施", "指标值完成值"],
    ],
)
def test_glued_self_evaluation_rows_with_their_numbers_run_together(header):
    """A glued self-evaluation form a row a line: target, result, weight and score printed with
    nothing between them are cut where the numbers fit (a result near its target, a score no
    more than its weight); a year, a date or a range's end is never cut."""
    text = "\n".join(
        [
            *header,
            "产出指标数量指标开展精品示范村建设数量≤441010",
            "建设美丽宜居自然村庄数量≥2002021010",
            "质量指标验收通过率≥95%100%55",
            "时效指标验收时间9月前7月55",
            "进度指标取得2018-2022监测资料100%100%1010",
        ]
    )
    found = [(i.level3, i.value, i.actual, i.weight, i.score) for i in extract(text).projects[0].indicators]
    assert found == [
        ("开展精品示范村建设数量", "≤4", "4", "10", "10"),
        ("建设美丽宜居自然村庄数量", "≥200", "202", "10", "10"),
        ("验收通过率", "≥95%", "100%", "5", "5"),
        ("验收时间", "9月前", "7月", "5", "5"),
        ("取得2018-2022监测资料", "100%", "100%", "10", "10"),
    ]


def test_glued_self_evaluation_rows_with_the_weight_before_the_target():
    """分值 printed before the target (分值 | 年度指标值 | 全年实际值 | 得分): the weight's digits
    glued to the target's (8550万粒 for 8 | 550万粒) are cut where both checks hold; a target in
    one character that the result repeats (是是) is read; numbering that lost its colon (指标1免费…)
    is no part of the name."""
    text = "\n".join(
        [
            "绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分未完成原因及改进措施",
            "产出指标(40分)数量指标指标1免费发放原原种8550万粒550万粒8",
            "指标2企业自行采购8200万粒200万粒8",
            "成本指标指标1种薯采购价格不高于市场价8是是8",
            "效益指标(40分)社会效益指标指标1一级种薯推广面积占比1080%85%9",
        ]
    )
    found = [(i.level3, i.value, i.actual, i.weight, i.score) for i in extract(text).projects[0].indicators]
    assert found == [
        ("免费发放原原种", "550万粒", "550万粒", "8", "8"),
        ("企业自行采购", "200万粒", "200万粒", "8", "8"),
        ("种薯采购价格不高于市场价", "是", "是", "8", "8"),
        ("一级种薯推广面积占比", "80%", "85%", "10", "9"),
    ]


def test_a_whole_glued_table_broken_over_lines_mid_row():
    """A whole glued table on a line that breaks off inside a row and goes on, with more rows,
    on the next line: the lines are read as one table, each row at the line it starts on; what
    still cannot be split is recorded, not read as running text."""
    text = "\n".join(
        [
            "年度总体目标完成马铃薯原种繁育1250亩绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分"
            "未完成原因及改进措施产出指标(50分)数量指标免费发放原原种10550万粒550万粒10企业自行采购10200万粒20",
            "0万粒10质量指标原原种合格率10≥90%95%10效益指标(30分)社会效益指标推广面积占比1080%85%9"
            "指标2群众对脱毒种薯的认知度8250%5=50%8",
        ]
    )
    result = extract(text)
    found = [(i.level3, i.value, i.actual, i.source_line) for i in result.projects[0].indicators]
    assert found == [
        ("免费发放原原种", "550万粒", "550万粒", 1),
        ("企业自行采购", "200万粒", "200万粒", 1),
        ("原原种合格率", "≥90%", "95%", 2),
        ("推广面积占比", "80%", "85%", 2),
    ]
    unplaced = [p for p in result.problems if p.kind == "unplaced_row"]
    assert {p.source_line for p in unplaced} == {2}
    assert "认知度8250%" in "".join(p.raw for p in unplaced)


def test_glued_rows_a_line_after_a_project_and_under_categories_with_no_rows():
    """A department-wide form glued a row a line: its first row shares a printed row with the
    unit's merged cells (code, name, amounts, goal), and categories with no rows of their own
    (社会成本指标) stand between rows; each row keeps its own labels and line."""
    text = "\n".join(
        [
            "整体支出绩效目标表",
            "一级指标二级指标三级指标指标值类型指标值计量单位指标解释评(扣)分标准备注",
            "058003衡阳市社会福利院1,752.48为全院服务对象提供良好的生活环境。成本指标经济成本指标成本节约率0%"
            "资金支出严格按预算执行成本节约率0%以上计20分20",
            "社会成本指标",
            "生态环境成本指标",
            "产出指标数量指标开展开放日活动次数1通过开放日活动,扩大社会影响力开放日活动次数1次以上计3分3",
            "开展全院安全排查次数6开展安全排查,保障院内安全安全排查次数6次以上计3分,少于6次不计分3",
        ]
    )
    found = [(i.level1, i.level2, i.level3, i.value, i.source_line) for i in extract(text).projects[0].indicators]
    assert found == [
        ("成本指标", "经济成本指标", "成本节约率", "0%", 3),
        ("产出指标", "数量指标", "开展开放日活动次数", "1", 6),
        ("产出指标", "数量指标", "开展全院安全排查次数", "6", 7),
    ]


def test_glued_rows_whose_description_ends_in_the_name_s_last_word():
    """三级指标 | 指标内容 glued: where the description restates the name's last word (补助人数 |
    实际发放解困工资人数), the name ends before it; a name that reads like column names (预算成本
    项目预算…) is a row's text, not more of the header."""
    text = "\n".join(
        [
            "一级指标二级指标三级指标指标内容指标值绩效标准",
            "产出指标数量指标补助人数实际发放解困工资人数250人计划标准",
            "质量指标补贴覆盖率对符合条件的对象发放解困工资的覆盖率100%历史标准",
            "对象合规率补贴对象合规率100%计划标准",
            "成本指标补贴标准解困工资发放标准1130元/月/人计划标准",
            "预算成本项目预算成本380万元计划标准",
        ]
    )
    found = [(i.level3, i.description, i.value) for i in extract(text).projects[0].indicators]
    assert found == [
        ("补助人数", "实际发放解困工资人数", "250人"),
        ("补贴覆盖率", "对符合条件的对象发放解困工资的覆盖率", "100%"),
        ("对象合规率", "补贴对象合规率", "100%"),
        ("补贴标准", "解困工资发放标准", "1130元/月/人"),
        ("预算成本", "项目预算成本", "380万元"),
    ]


def test_glued_rows_with_no_category_columns_and_an_indicator_named_like_a_category():
    """A one-level glued form (指标名称 | 指标权重 | 计量单位 | 指标性质 | 指标值) whose last indicator
    is named like a category (服务对象满意度): the label is the row's name, its figures read."""
    text = "\n".join(
        [
            "绩效指标指标名称指标权重计量单位指标性质指标值",
            "预算执行率10%=100",
            "农村公路养护里程10公里=125",
            "服务对象满意度5%95",
        ]
    )
    found = [(i.level3, i.value, i.weight) for i in extract(text).projects[0].indicators]
    assert found == [
        ("预算执行率", "=100%", "10"),
        ("农村公路养护里程", "=125公里", "10"),
        ("服务对象满意度", "95%", "5"),
    ]


def test_a_glued_name_goes_on_past_a_target_word_to_its_share_sign():
    """各项工作完成及时率%=99百分比: 完成 reads as a target, but a name ending (及时率) with its %
    and an operator after it says the name goes on."""
    text = (
        "一级指标二级指标三级指标指标目标值产出指标数量指标免费开放天数=300天质量指标博物馆绩效考核指标完成率"
        "=100百分比时效指标各项工作完成及时率%=99百分比"
    )
    found = [(i.level2, i.level3, i.value) for i in extract(text).projects[0].indicators]
    assert found == [
        ("数量指标", "免费开放天数", "=300天"),
        ("质量指标", "博物馆绩效考核指标完成率", "=100百分比"),
        ("时效指标", "各项工作完成及时率%", "=99百分比"),
    ]


def test_a_glued_name_that_names_a_span_of_time():
    """森林火灾6小时内扑灭率不低于95%: a figure with its unit inside a name (a span it names, then
    more name closing on 率 before an operator) is no target."""
    text = (
        "一级指标二级指标三级指标年初目标值实际完成值未完成原因及改进措施产出指标产出质量森林火灾火因查明率不低于95%"
        "达成预期指标产出时效森林火灾6小时内扑灭率不低于95%达成预期指标效益指标社会效益重大森林火灾0起达成预期指标"
    )
    found = [(i.level3, i.value) for i in extract(text).projects[0].indicators]
    assert found == [
        ("森林火灾火因查明率", "不低于95%"),
        ("森林火灾6小时内扑灭率", "不低于95%"),
        ("重大森林火灾", "0起"),
    ]


def test_glued_column_names_with_a_note_each():
    text = "\n".join(
        [
            "绩效指标完成情况一级指标二级指标三级指标预期指标值(包含数字及文字描述)实际完成指标值(包含数字及文字描述)",
            "项目完成指标数量指标查处各类交通违法行为7万起7.07万起",
            "成本指标道路交通执法经费312万元以内312万元",
        ]
    )
    found = [(i.level2, i.level3, i.value, i.actual) for i in extract(text).projects[0].indicators]
    assert found == [
        ("数量指标", "查处各类交通违法行为", "7万起", "7.07万起"),
        ("成本指标", "道路交通执法经费", "312万元以内", "312万元"),
    ]


def test_a_cell_a_line_a_title_column_is_no_column_a_row_prints():
    """A table a cell a line under a title column printed once beside its rows (绩效指标 | 一级指标
    …): the rows' width leaves the title out, so the text every row prints after its value
    (计划标准) stays in its column, not taken for a column no row prints."""
    cells = ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值及单位", "绩效标准"]
    cells += ["产出指标", "数量指标", "配备车辆数", "10辆", "计划标准", "风炮射程", "≥80M", "计划标准"]
    cells += ["质量指标", "空气质量", "优良", "计划标准", "时效指标", "服务周期", "2023.07-2024.01", "计划标准"]
    cells += ["效益指标", "社会效益指标", "市民满意程度", "≥85%", "计划标准"]
    result = extract("\n".join(cells))
    assert [(i.level3, i.value, i.description) for i in result.projects[0].indicators] == [
        ("配备车辆数", "10辆", "计划标准"),
        ("风炮射程", "≥80M", "计划标准"),
        ("空气质量", "优良", "计划标准"),
        ("服务周期", "2023.07-2024.01", "计划标准"),
        ("市民满意程度", "≥85%", "计划标准"),
    ]


def test_a_cell_a_line_a_name_that_is_also_a_column_name():
    """项目金额 names a project column, but right after a row's category with a value next it is
    the row's indicator: the table goes on. Where a project's field opens (项目名称 | its name),
    the table still ends."""
    cells = ["一级指标", "二级指标", "三级指标", "指标值", "产出指标", "时效指标", "项目完成时限", "2025年12月"]
    cells += ["成本指标", "项目金额", "5万元", "效益指标", "社会效益指标", "保障群众文化权益", "影响程度明显"]
    cells += ["项目名称", "送戏进万村"]
    result = extract("\n".join(cells))
    assert [(i.level2, i.level3, i.value) for i in result.projects[0].indicators] == [
        ("时效指标", "项目完成时限", "2025年12月"),
        ("成本指标", "项目金额", "5万元"),
        ("社会效益指标", "保障群众文化权益", "影响程度明显"),
    ]


def test_cells_without_a_header_each_row_closing_with_its_basis():
    """An excerpt opening under a table printed a cell a line, each row closing with a basis after
    its value (计划标准): the basis stays in its row and the text after it opens the next; a text
    that reads like a basis with a value after it is a row's name (按照定价标准采购 | 100%)."""
    cells = ["指标值", "绩效标准", "产出指标", "数量指标", "配备车辆数", "10", "计划标准", "风炮射程", "80M"]
    cells += ["计划标准", "质量指标", "服务周期内空气质量", "优良", "按照定价标准采购", "100%", "计划标准"]
    cells += ["时效指标", "服务周期", "180天", "计划标准"]
    result = extract("\n".join(cells))
    assert [(i.level2, i.level3, i.value) for p in result.projects for i in p.indicators] == [
        ("数量指标", "配备车辆数", "10"),
        ("数量指标", "风炮射程", "80M"),
        ("质量指标", "服务周期内空气质量", "优良"),
        ("质量指标", "按照定价标准采购", "100%"),
        ("时效指标", "服务周期", "180天"),
    ]


def test_a_glued_two_sided_form_its_header_broken_a_name_or_two_a_line():
    """中期 | 年度 printed side by side, each row's cells glued, as a document-sharing page keeps
    the form: the header's cells broken over lines, labels with a note (数量指标(或建筑规模指标),
    预算(或投资规模)控制指标), a second side printing its label alone or nothing, and grades
    (较高, 程度较高) and a short target (及时支出) as whole cells."""
    text = "\n".join(
        [
            "项目名称镇际道路养护",
            "绩效指标一级指标",
            "二级指标",
            "三级指标",
            "指标值(或计划水平)二级指标",
            "三级指标",
            "计划指标值(或计划水平)",
            "产出指标数量指标(或建筑规模指标)完成结算项目数3数量指标(或建筑规模指标)完成结算项目数5",
            "质量指标经费支出合规性较高质量指标",
            "结算款支付时效性及时支出",
            "时效指标(工期指标)项目完成及时性程度较高时效指标(工期指标、形象进度指标)",
            "预算(或投资规模)控制指标年度预算执行率≥90%预算(或投资规模)控制指标年度预算执行率≥95%",
        ]
    )
    result = extract(text)
    assert [(i.level2, i.level3, i.value, i.value_period) for i in result.projects[0].indicators] == [
        ("数量指标(或建筑规模指标)", "完成结算项目数", "5", "3"),
        ("质量指标", "经费支出合规性", "较高", ""),
        ("质量指标", "结算款支付时效性", "及时支出", ""),
        ("时效指标(工期指标、形象进度指标)", "项目完成及时性", "程度较高", ""),
        ("预算(或投资规模)控制指标", "年度预算执行率", "≥95%", "≥90%"),
    ]
    assert not [p for p in result.problems if p.kind == "unplaced_row"]


def test_glued_self_evaluation_rows_a_target_in_words_repeated_as_its_result():
    """A glued self-evaluation a row a line: a target in words that the result repeats
    (有效减轻有效减轻), or a figure with words after it (90%覆盖90%覆盖), is cut where it repeats;
    a year a name names (完成2021年…) is part of the name, not its value; a target ending 及以上
    is one cell."""
    text = "\n".join(
        [
            "一级指标二级指标指标名称目标值完成值",
            "产出指标数量指标完成2021年护工培训任务12500名12166名",
            "培训场所无线网络90%覆盖90%覆盖",
            "效益指标经济效益指标减轻学员经济负担有效减轻有效减轻",
            "社会效益指标学员就业率60%及以上53.53%",
            "提高学员技术水平基本提高基本提高",
        ]
    )
    found = [(i.level2, i.level3, i.value, i.actual) for i in extract(text).projects[0].indicators]
    assert found == [
        ("数量指标", "完成2021年护工培训任务", "12500名", "12166名"),
        ("数量指标", "培训场所无线网络", "90%覆盖", "90%覆盖"),
        ("经济效益指标", "减轻学员经济负担", "有效减轻", "有效减轻"),
        ("社会效益指标", "学员就业率", "60%及以上", "53.53%"),
        ("社会效益指标", "提高学员技术水平", "基本提高", "基本提高"),
    ]


def test_a_glued_header_at_the_end_of_a_long_line_its_rows_a_line_under_it():
    """The header glued to the goal before it on one long line, its first row there too, and
    the other rows glued a line each under it (operator, number and unit, result, weight and
    score run together): every row is read, not only the one on the header's line."""
    goal = "确保每一个学生都能享受到国家营养改善政策福利,改善学生体质,提高学生健康水平" * 2
    text = "\n".join(
        [
            f"年度总体目标{goal}绩效指标一级指标二级指标三级指标指标性质指标值度量单位实际完成值分值得分"
            "产出指标数量指标学生受资助人数≥735人次735人次1010",
            "质量指标营养改善计划覆盖率≥100%100%1010",
            "时效指标资金到位及时率≥100%100%107",
            "效益指标社会效益指标政策知晓率=100%98%109",
            "其他需要说明事项无",
        ]
    )
    found = [(i.level2, i.level3, i.value) for i in extract(text).projects[0].indicators]
    assert found == [
        ("数量指标", "学生受资助人数", "≥735人次"),
        ("质量指标", "营养改善计划覆盖率", "≥100%"),
        ("时效指标", "资金到位及时率", "≥100%"),
        ("社会效益指标", "政策知晓率", "=100%"),
    ]


def test_a_glued_description_column_holding_a_figure_and_its_standard():
    text = "\n".join(
        [
            "一级指标二级指标三级指标指标解释目标值",
            "产出指标数量指标编纂工作所需资金的供应时效100%(历史标准)100%",
            "质量指标县区志书审稿覆盖率90%(计划标准)1",
            "时效指标项目完成时间2019年12月(计划标准)100%",
        ]
    )
    found = [(i.level3, i.description, i.value) for i in extract(text).projects[0].indicators]
    assert found == [
        ("编纂工作所需资金的供应时效", "100%(历史标准)", "100%"),
        ("县区志书审稿覆盖率", "90%(计划标准)", "1"),
        ("项目完成时间", "2019年12月(计划标准)", "100%"),
    ]


def test_a_wrapped_glued_row_its_kind_in_the_operator_column_and_its_weight_below():
    """A glued row whose cells wrapped over lines, the value's kind (定性) printed in the 指标性质
    column, the weight alone on the last line; a deadline 11月底之前 is one value."""
    text = "\n".join(
        [
            "一级指标二级指标三级指标指标性质指标方向目标值计量单位分值",
            "效益指标(30分)可持续影响推动业务装备建设的标准化规范化配置定性",
            "长期",
            "15",
            "产出指标(50分)时效指标采购计划完成时间定性",
            "11月底之前",
            "5",
            "质量指标设备验收合格率正向等于100%7.5",
        ]
    )
    result = extract(text)
    found = [(i.level3, i.value, i.weight) for i in result.projects[0].indicators]
    assert found == [
        ("推动业务装备建设的标准化规范化配置", "长期", "15"),
        ("采购计划完成时间", "11月底之前", "5"),
        ("设备验收合格率", "=100%", "7.5"),
    ]
    assert not [p for p in result.problems if p.kind == "unplaced_row"]


def test_glued_rows_a_scale_of_grades_as_the_target_and_the_weight_on_the_next_line():
    text = "\n".join(
        [
            "一级指标二级指标三级指标指标性质指标值度量单位权重(%)",
            "效益指标社会效益指标食品安全整体状况定性高中低",
            "10",
            "满意度指标服务对象满意度指标公众对食品安全满意度定性优良中低差",
            "5",
        ]
    )
    result = extract(text)
    found = [(i.level3, i.value, i.weight) for i in result.projects[0].indicators]
    assert found == [("食品安全整体状况", "高中低", "10"), ("公众对食品安全满意度", "优良中低差", "5")]
    assert not [p for p in result.problems if p.kind == "unplaced_row"]


def test_a_glued_name_opening_with_latin_letters():
    text = "\n".join(
        [
            "一级指标二级指标三级指标指标值",
            "产出指标数量指标WIFI布点覆盖率100%",
            "质量指标APP上线运行稳定率≥95%",
        ]
    )
    found = [(i.level3, i.value) for i in extract(text).projects[0].indicators]
    assert found == [("WIFI布点覆盖率", "100%"), ("APP上线运行稳定率", "≥95%")]


def test_glued_names_opening_with_an_age():
    """Public health's indicators name an age first (65岁以上老年人…, 0-6岁儿童…): glued, that
    figure opens the name, and is neither a value nor the row above's."""
    text = "\n".join(
        [
            "一级指标二级指标三级指标指标值",
            "产出指标数量指标65岁以上老年人健康管理率≥70%",
            "0-6岁儿童健康管理率≥85%",
            "质量指标0-36月龄儿童中医药健康管理率≥65%",
        ]
    )
    assert rows_of(extract(text)) == [
        ("产出指标", "数量指标", "65岁以上老年人健康管理率", "≥70%"),
        ("产出指标", "数量指标", "0-6岁儿童健康管理率", "≥85%"),
        ("产出指标", "质量指标", "0-36月龄儿童中医药健康管理率", "≥65%"),
    ]


# A self-evaluation spreadsheet flattened out of order: its header's names scattered among the
# rows, each row numbered by the template (指标1:) and printing target, result, weight, score.
_NUMBERED_SELF_EVALUATION = (
    "农村供水保障项目支出绩效自评表(2022年度) 项目名称 农村供水保障 主管部门 县水利局 全年预算数 120 一级指标 年度 实际 "
    "指标值 完成值 指标1:新建集中供水工程 12处 12处 5 5 指标2:改造供水管网长度 30公里 28公里 二级指标 三级指标 5 4.5 "
    "指标3:水质检测次数 4次 4次 5 5 指标4:7岁以下儿童饮水达标人数 860人 860人 5 5 指标5:发放宣传资料 不少于10种 "
    "不少于8种 120次 8次 质量指标 指标1:工程验收合格率 100% 100% 10 10 时效指标 指标1:工程完工时间 2022年11月底 "
    "2022年12月 5 4"
)


@pytest.mark.parametrize("glued", [False, True], ids=["spaced", "glued"])
def test_a_self_evaluation_its_header_scattered_and_its_rows_numbered(glued):
    """Spaced or glued, each numbered row is read with what it achieved, its weight and score; a
    glued row that does not split into values alone (header names inside it) and a figure with a
    unit where a weight stands are recorded, not stored."""
    text = "".join(_NUMBERED_SELF_EVALUATION.split()) if glued else _NUMBERED_SELF_EVALUATION
    result = extract(text)
    found = [(i.level2, i.level3, i.value, i.actual, i.weight, i.score) for i in result.projects[0].indicators]
    expected = [
        ("", "新建集中供水工程", "12处", "12处", "5", "5"),
        ("", "改造供水管网长度", "30公里", "28公里", "5", "4.5"),
        ("", "水质检测次数", "4次", "4次", "5", "5"),
        ("", "7岁以下儿童饮水达标人数", "860人", "860人", "5", "5"),
        ("质量指标", "工程验收合格率", "100%", "100%", "10", "10"),
        ("时效指标", "工程完工时间", "2022年11月底", "2022年12月", "5", "4"),
    ]
    problems = [p.raw for p in result.problems if p.kind in ("unplaced_row", "unplaced_cell")]
    # 发放宣传资料's cells are scrambled (a figure with a unit where its weight stands): whatever
    # is read of it, no weight or score is, and the row is recorded
    scrambled = [row for row in found if row[1] == "发放宣传资料"]
    assert [row[4:] for row in scrambled] in ([], [("", "")])
    assert any("120次" in raw for raw in problems)
    found = [row for row in found if row not in scrambled]
    if glued:  # the row holding the header's names is not read, and says so
        assert found == expected[:1] + expected[2:]
        assert any("改造供水管网长度" in raw for raw in problems)
    else:
        assert found == expected


def test_glued_dates_written_with_dots_and_units_of_data():
    """A deadline written with dots (2022.10.31, 2021.1.1-12.31) or a span of months (2021年1-12月)
    is one value, even glued to the date it was met on; a size in terabytes carries its unit."""
    text = "\n".join(
        [
            "一级指标二级指标三级指标年度指标值实际完成值",
            "产出指标时效指标工程完工时间2022.10.312022.11.15",
            "资金拨付时间2021.12.31前2021.12.20",
            "培训期间2021.3.1-11.302021.3.1-11.30",
            "项目实施期2021年1-12月2021年1-12月",
            "数量指标存储扩容容量25TB25TB",
        ]
    )
    found = [(i.level3, i.value, i.actual) for i in extract(text).projects[0].indicators]
    assert found == [
        ("工程完工时间", "2022.10.31", "2022.11.15"),
        ("资金拨付时间", "2021.12.31前", "2021.12.20"),
        ("培训期间", "2021.3.1-11.30", "2021.3.1-11.30"),
        ("项目实施期", "2021年1-12月", "2021年1-12月"),
        ("存储扩容容量", "25TB", "25TB"),
    ]


def test_projects_listed_a_cell_a_line_a_goal_in_sentences():
    """A table listing several projects, a cell a line: a project's goal (年度目标) written as
    running text is its cell, not the end of the table, and the project's rows after it are read."""
    cells = [
        *("单位名称", "项目名称", "预算数", "年度目标", "一级指标", "二级指标", "三级指标", "指标值"),
        *("801001-某镇人民政府", "村组干部报酬", "3,309,840.00", "按时发放村组干部报酬"),
        *("产出指标", "数量指标", "发放人数", "≥230人", "效益指标", "社会效益指标", "维护社会稳定", "≥95%"),
        "基层组织活动经费",
        "660,000.00",
        "包括必要的办公用品费、水电费、报刊费等村社区办公经费,基层党组织开展组织生活、党员教育培训,群团活动开展,"
        "组织活动场所维护等。",
        *("满意度指标", "服务对象满意度指标", "辖区内群众满意度", "≥95%"),
        *("产出指标", "数量指标", "行政村数量", "=11个"),
    ]
    result = extract("\n".join(cells))
    found = [(p.name, i.level3, i.value) for p in result.projects for i in p.indicators]
    assert ("基层组织活动经费", "辖区内群众满意度", "≥95%") in found
    assert ("基层组织活动经费", "行政村数量", "=11个") in found


@pytest.mark.parametrize(
    "title,name",
    [
        ("医疗救助补助资金转移支付项目绩效目标自评表", "医疗救助补助资金转移支付项目绩效目标自评表"),
        ("项目支出绩效目标表", "（未命名项目）"),
        ("表1:湖北省残疾人宣传文化工作经费项目绩效目标", "湖北省残疾人宣传文化工作经费项目绩效目标"),
        ("表彰奖励资金项目支出绩效目标表", "表彰奖励资金项目支出绩效目标表"),
    ],
)
def test_a_table_without_a_project_name_is_named_by_its_title_not_by_a_sentence(title, name):
    """No 项目名称 field: the project is the one the form's title names, kept as printed; the
    sentence introducing the table (…制定了以下绩效目标:) and a bare form title name none."""
    text = "\n".join(
        [
            title,
            "根据项目建设的实际情况,制定了以下绩效目标:",
            "一级指标\t二级指标\t三级指标\t指标值",
            "产出指标\t数量指标\t救助人次\t≥1200人次",
            "满意度指标\t服务对象满意度指标\t受助群众满意度\t≥90%",
        ]
    )
    result = extract(text)
    assert [p.name for p in result.projects] == [name]
    assert len(result.projects[0].indicators) == 2


def test_a_glued_cost_row_naming_a_quantity_priced_per_its_unit():
    """A cost row names what is built with its size and prices it per that size's unit
    (饲料库120平米 | 490元/平米): the size is the name's, the price the target."""
    text = "\n".join(
        [
            "一级指标二级指标三级指标指标值",
            "产出指标成本指标饲料库120平米490元/平米",
            "围墙300米300元/米",
            "打井、配电50000元",
        ]
    )
    found = [(i.level3, i.value) for i in extract(text).projects[0].indicators]
    assert found == [("饲料库120平米", "490元/平米"), ("围墙300米", "300元/米"), ("打井、配电", "50000元")]


def test_a_glued_target_in_sentences_opening_as_targets_do():
    """A long target written as a sentence after a long name: where it opens with a target's word
    (显著提升了…) is where the name ends, not at the first word a shorter name would end on."""
    text = "\n".join(
        [
            "一级指标二级指标三级指标指标值",
            "效益指标社会效益指标提升疫情防控期间民办幼儿园扶持力度显著提升了疫情期间对民办幼儿园的扶持力度,大力支持了民办幼儿园的发展。",
            "促进学前教育普及普惠优质发展显著促进了学前教育普及及优质发展,大力支持了民办幼儿园发展。",
        ]
    )
    found = [i.level3 for i in extract(text).projects[0].indicators]
    assert found == ["提升疫情防控期间民办幼儿园扶持力度", "促进学前教育普及普惠优质发展"]


@pytest.mark.parametrize(
    "header",
    [
        "一级指标名称\t二级指标名称\t三级指标内容\t预期值\t实际完成\t满分\t自评分\t原因分析",
        "一级指标内容\t二级指标内容\t指标名称及内容\t绩效指标目标值\t全年实际完成情况\t满分值\t实际得分\t偏差原因说明",
        "一级指标\t二级指标\t考核指标\t指标目标\t实际完成\t满分\t考核得分\t改进措施",
    ],
)
def test_a_self_evaluation_whose_header_spells_each_column_its_own_way(header):
    text = "\n".join(
        [
            "项目名称\t乡村道路养护",
            header,
            "产出指标\t数量指标\t养护里程\t≥120公里\t118公里\t20\t18\t雨季延误",
            "效益指标\t社会效益指标\t通行条件\t改善\t明显改善\t10\t10\t",
        ]
    )
    found = [
        (i.level1, i.level2, i.level3, i.value, i.actual, i.weight, i.score, i.deviation)
        for i in extract(text).projects[0].indicators
    ]
    assert found == [
        ("产出指标", "数量指标", "养护里程", "≥120公里", "118公里", "20", "18", "雨季延误"),
        ("效益指标", "社会效益指标", "通行条件", "改善", "明显改善", "10", "10", ""),
    ]


def test_a_row_with_a_figure_too_many_holds_its_name_among_them():
    text = "\n".join(
        [
            "绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标值 | 全年实际完成值 | 产生差异的原因及改进措施 |",
            "产出指标 | 数量指标 | 管理忠烈祠面积 | =230亩 | =230亩 | |",
            "质量指标 | 忠烈祠保护合格率 | =100% | =100% | |",
            "时效指标 | 2020年12月完成 | =95% | =95% | |",
            # a form's category left unused: labels and figures, no name among them
            "成本指标 | 社会成本指标 | 0 | 0 | |",
        ]
    )
    found = [(i.level2, i.level3, i.value, i.actual) for i in extract(text).projects[0].indicators]
    assert found == [
        ("数量指标", "管理忠烈祠面积", "=230亩", "=230亩"),
        ("质量指标", "忠烈祠保护合格率", "=100%", "=100%"),
        ("时效指标", "2020年12月完成", "=95%", "=95%"),
    ]


def test_a_glued_target_opening_on_a_word_of_two_and_ending_on_any_other():
    text = "\n".join(
        [
            "一级指标二级指标三级指标指标值指标值内容评(扣分标准) 度量单位指标值类型备注",
            "效益指标社会效益指标残疾学生入学率大于90%适龄学生入学情况90%得10分,每减少1%扣1分-定量",
            "残疾学生家庭负担率有所减轻对家庭负担减轻情况较大得10分,一般得6分-定性",
            "残疾学生生活质量有所提升残疾学生生活质量良好得10分,一般得8分,差得0分-定性",
        ]
    )
    found = [(i.level3, i.value) for i in extract(text).projects[0].indicators]
    assert found[1:] == [("残疾学生家庭负担率", "有所减轻"), ("残疾学生生活质量", "有所提升")]


def test_a_cell_a_line_table_ends_at_the_next_projects_title():
    cells = ["一级指标", "二级指标", "指标名称", "指标值", "产出指标", "数量指标", "每千人托位", "4.5"]
    cells += ["满意度指标", "满意度指标", "社会公众满意度", "≥90%"]
    cells += ["参保城乡居民健康体检经费项目项目绩效目标", "(一)中长期绩效目标", "优化城乡居民体检制度,缩小城乡差距。"]
    result = extract("\n\n".join(["项目名称:婴幼儿照护", *cells]))
    assert [(i.level3, i.value) for i in result.projects[0].indicators] == [
        ("每千人托位", "4.5"),
        ("社会公众满意度", "≥90%"),
    ]


def test_a_glued_last_row_cut_short_in_its_description_keeps_its_name_and_target():
    text = "\n".join(
        [
            "一级指标二级指标三级指标指标值类型指标值计量单位指标解释评(扣)分标准备注",
            "产出指标数量指标开展全院安全排查次数6开展安全排查,保障院内安全安全排查次数6次以上计3分,少于6次不计分3",
            "质量指标院内各项设施设备有效使用率90%保障",
        ]
    )
    found = [(i.level2, i.level3, i.value) for i in extract(text).projects[0].indicators]
    assert found[-1] == ("质量指标", "院内各项设施设备有效使用率", "90%")


def test_a_listed_target_whose_value_is_a_deadline():
    text = "指标1:购买热敏纸和投注单1万份;指标2:公益慰问次数1次;指标3:工资每月20日前发放;指标4:印刷品投放数量5000份。"
    found = [(i.level3, i.value) for i in extract("二、绩效指标设定情况\n\n" + text).projects[0].indicators]
    assert ("工资", "每月20日前发放") in found
    assert len(found) == 4


def test_numbered_names_printed_without_values_before_the_next_category():
    text = "\n".join(
        [
            "一级指标 二级指标 三级指标 年度指标值 全年实际值",
            "产出指标 成本指标 指标1.培训成本 400元/人、天 180元/人、天",
            "指标2.药品抽验平均标准",
            "指标3.化妆品抽验平均标准",
            "效益指标 社会效益指标 指标1.药品安全事故发生率 0 0",
        ]
    )
    found = [(i.level2, i.level3, i.value) for i in extract(text).projects[0].indicators]
    assert found == [
        ("成本指标", "指标1.培训成本", "400元/人、天"),
        ("成本指标", "指标2.药品抽验平均标准", ""),
        ("成本指标", "指标3.化妆品抽验平均标准", ""),
        ("社会效益指标", "指标1.药品安全事故发生率", "0"),
    ]


def test_a_glued_header_naming_its_target_column_after_the_goal_word():
    # 绩效目标值 is the target column, not the goal (绩效目标) and an unknown 值
    text = (
        "一级指标二级指标绩效内容绩效目标值实际完成值产出目标数量目标当年人才驿站组织活动数量>=28次40次"
        "每年人才驿站服务人次>=500人1700人质量目标各类人才对我市人才政策的知晓率>=95%98%"
    )
    found = [(i.level2, i.level3, i.value, i.actual) for i in extract(text).projects[0].indicators]
    assert found == [
        ("数量目标", "当年人才驿站组织活动数量", ">=28次", "40次"),
        ("数量目标", "每年人才驿站服务人次", ">=500人", "1700人"),
        ("质量目标", "各类人才对我市人才政策的知晓率", ">=95%", "98%"),
    ]


def test_prose_labels_with_printed_weights():
    result = extract(
        "\n".join(
            [
                "一、产出指标(50分)",
                "数量指标(20分):维修道路里程>=120公里;验收合格率>=95%。成本指标(10分):维修单价≤280元/平方米。",
                "二、效益指标(30分)",
                "社会效益指标(30分):受益群众人数≥5000人,通行时间缩短≥10%。",
            ]
        )
    )
    assert rows_of(result) == [  # a weight after a label is neither the label's nor the name's
        ("产出指标", "数量指标", "维修道路里程", ">=120公里"),
        ("产出指标", "数量指标", "验收合格率", ">=95%"),
        ("产出指标", "成本指标", "维修单价", "≤280元/平方米"),
        ("效益指标", "社会效益指标", "受益群众人数", "≥5000人"),
        ("效益指标", "社会效益指标", "通行时间缩短", "≥10%"),
    ]


def test_a_full_row_whose_name_repeats_its_target_keeps_it_as_the_name():
    # an excerpt opening inside a results table, a cell a line: 一级 | 二级 | 三级 | 年度指标值 |
    # 全年实际值, where the name column prints the target again. A row filling every column is
    # read where it is printed, the level-2 label staying the label.
    rows = [
        ["项目完成指标", "数量指标", "完成辖区道路清扫保洁。", "完成辖区道路清扫保洁。", "完成辖区道路清扫保洁。"],
        ["项目完成指标", "时效指标", "2021年全年。", "2021年全年。", "2021年全年。"],
        ["效益指标", "社会效益指标", "改善人居环境。", "改善人居环境。", "改善人居环境。"],
    ]
    result = extract("\n".join(f"{cell}\n|" for row in rows for cell in row))
    assert rows_of(result) == [
        ("项目完成指标", "数量指标", "完成辖区道路清扫保洁。", "完成辖区道路清扫保洁。"),
        ("项目完成指标", "时效指标", "2021年全年。", "2021年全年。"),
        ("效益指标", "社会效益指标", "改善人居环境。", "改善人居环境。"),
    ]


def test_column_names_with_a_note_inside_and_a_count_achieved():
    # 半年(程)目标值 is 半年目标值 with a note, 全年(程)目标值 全年目标值; 实际完成数 what was achieved
    result = extract(
        "\n".join(
            [
                "项目名称\t某县道路维护",
                "一级指标\t二级指标\t三级指标\t半年(程)目标值\t全年(程)目标值\t实际完成数",
                "产出指标\t数量指标\t维护道路里程\t60公里\t120公里\t125公里",
                "\t质量指标\t验收合格率\t95%\t95%\t100%",
            ]
        )
    )
    assert [(i.level3, i.value, i.value_period, i.actual, i.value_for) for i in result.projects[0].indicators] == [
        ("维护道路里程", "120公里", "60公里", "125公里", ""),
        ("验收合格率", "95%", "95%", "100%", ""),
    ]


def test_spaced_cells_with_a_label_wrapped_before_its_last_word():
    # a spreadsheet saved with spaces between cells: a label that wrapped in its cell (经济效益 /
    # 指标) keeps a space where it wrapped, like the ones between cells
    result = extract_document(
        reconstruct_rows(
            simplify_lines(
                [
                    "项目名称 农村饮水安全巩固提升",
                    "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分",
                    "产出指标 数量指标 新建供水工程 ≥12处 12处 10 10",
                    "效益指标 经济效益 指标 带动农户增收 ≥50户 60户 10 10",
                    "社会效益 指标 受益人口 ≥3000人 3200人 10 10",
                    "可持续影响 指标 工程设计使用年限 ≥15年 15年 10 10",
                ]
            )
        )
    )
    assert rows_of(result) == [
        ("产出指标", "数量指标", "新建供水工程", "≥12处"),
        ("效益指标", "经济效益指标", "带动农户增收", "≥50户"),
        ("效益指标", "社会效益指标", "受益人口", "≥3000人"),
        ("效益指标", "可持续影响指标", "工程设计使用年限", "≥15年"),
    ]


def test_spaced_cells_under_a_header_wrapped_over_lines():
    # a self-evaluation form saved with spaces between cells: its header's last names wrapped onto
    # the next lines, and two names wrapped inside their cells (年度 指标值, 实际 完成值)
    result = extract(
        "\n".join(
            [
                "项目名称 美丽乡村建设",
                "一级指标 二级指标 三级指标 年度 指标值",
                "实际 完成值",
                "分值 得分 偏差原因分析及改进措施",
                "产出指标 数量指标 指标1:精品示范村建设数量 ≤4 4 10 10",
                "指标2:美丽宜居自然村庄数量 ≥200 202 10 10",
                "质量指标 指标1:自然村庄验收通过率 ≥95% 100% 5 5",
            ]
        )
    )
    got = [(i.level2, i.level3, i.value, i.actual, i.weight, i.score) for i in result.projects[0].indicators]
    assert got == [
        ("数量指标", "精品示范村建设数量", "≤4", "4", "10", "10"),
        ("数量指标", "美丽宜居自然村庄数量", "≥200", "202", "10", "10"),
        ("质量指标", "自然村庄验收通过率", "≥95%", "100%", "5", "5"),
    ]


def test_glued_table_with_no_category_columns_a_completion_rate_and_a_report_repeating_it():
    # 评价内容 heads the category cells (no 一级/二级 column): the labels are still the rows'; the
    # 累计完成率 figure is the row's own, not the next name's start; the report after the table
    # going over its rows again gives no second copy, but a target it alone prints is read
    text = (
        "项目年度绩效目标评价内容绩效内容绩效目标值实际完成值累计完成率产出目标数量目标培训学员人数>=120人130人108%"
        "举办讲座场次>=6场4场67%质量目标学员考核合格率>=90%95%105%(二)项目绩效目标完成情况"
        "1.产出目标完成情况(1)时效目标:培训完成时间绩效目标值是2024年11月前,实际完成值为2024年10月,"
        "(2)数量目标:培训学员人数绩效目标值是120人,实际完成值为130人,目标完成率为108%,"
    )
    result = extract(text)
    assert [(i.level1, i.level2, i.level3, i.value, i.actual) for i in result.projects[0].indicators] == [
        ("产出目标", "数量目标", "培训学员人数", ">=120人", "130人"),
        ("产出目标", "数量目标", "举办讲座场次", ">=6场", "4场"),
        ("产出目标", "质量目标", "学员考核合格率", ">=90%", "95%"),
    ]
    told = [(i.level2, i.level3, i.value) for p in result.projects[1:] for i in p.indicators]
    assert told == [("时效目标", "培训完成时间", "2024年11月前")]
    assert any(p.kind == "prose_targets" and "1 of them left out" in p.message for p in result.problems)


def test_a_glued_header_printed_in_two_rows_a_row_a_line():
    # the upper row names the groups (绩效指标 over the levels, 年度指标值 over sign, figure and
    # unit), the lower row, broken over two lines, the columns under them: the rows split under
    # the lower row's names and the upper row's other columns, their labels kept
    text = "\n".join(
        [
            "绩效指标年度指标值实际完成值分值得分偏差原因分析及改进措施",
            "",
            "一级指标",
            "二级指标三级指标指标性质指标值度量单位",
            "产出指标数量指标巡查河道长度≥120公里13510.0010.00",
            "质量指标水质达标率≥90%9220.0020.00",
            "满意度指标服务对象满意度指标沿河群众满意度≥85%8010.008.00",
        ]
    )
    found = [(i.level1, i.level2, i.level3, i.value, i.actual, i.score) for i in extract(text).projects[0].indicators]
    assert found == [
        ("产出指标", "数量指标", "巡查河道长度", "≥120公里", "135", "10.00"),
        ("产出指标", "质量指标", "水质达标率", "≥90%", "92", "20.00"),
        ("满意度指标", "服务对象满意度指标", "沿河群众满意度", "≥85%", "80", "8.00"),
    ]


def test_a_long_glued_target_its_result_repeats_at_the_rows_end():
    # a target in words longer than a short phrase, printed again as the result and closing the
    # row (after it only the weight and score, or nothing): where it ends is sure
    text = "\n".join(
        [
            "绩效指标一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施",
            "产出指标数量指标指标1:古建筑修缮数量完成城南文庙、北门城楼和东岳庙三处古建筑的屋面修缮"
            "完成城南文庙、北门城楼和东岳庙三处古建筑的屋面修缮",
            "时效指标项目验收时间2023年11月30日前通过竣工验收2023年11月30日前通过竣工验收105",
            "质量指标验收合格率100%100%1010",
        ]
    )
    found = [(i.level1, i.level2, i.level3, i.value, i.actual) for i in extract(text).projects[0].indicators]
    work = "完成城南文庙、北门城楼和东岳庙三处古建筑的屋面修缮"
    assert found == [
        ("产出指标", "数量指标", "古建筑修缮数量", work, work),
        ("产出指标", "时效指标", "项目验收时间", "2023年11月30日前通过竣工验收", "2023年11月30日前通过竣工验收"),
        ("产出指标", "质量指标", "验收合格率", "100%", "100%"),
    ]


def test_a_glued_name_holding_a_count_with_words_after_it():
    # a count inside a name (培训3个乡镇的…) is the name's where words go on after it; one closing
    # the name is still its value
    text = "\n".join(
        [
            "绩效指标一级指标二级指标三级指标指标值",
            "产出指标数量指标覆盖3个乡镇的农技培训场次≥12场",
            "质量指标培训合格率≥90%",
            "效益指标社会效益指标带动5个村集体经济增收≥10万元",
        ]
    )
    found = [(i.level1, i.level2, i.level3, i.value) for i in extract(text).projects[0].indicators]
    assert found == [
        ("产出指标", "数量指标", "覆盖3个乡镇的农技培训场次", "≥12场"),
        ("产出指标", "质量指标", "培训合格率", "≥90%"),
        ("效益指标", "社会效益指标", "带动5个村集体经济增收", "≥10万元"),
    ]


def test_a_glued_table_ends_at_its_total_and_verdict():
    # the total row (合计100100) and the verdict after it (评价结论…) close the table: their text is
    # no row's, however many name-and-target pairs a split of it would find
    # (the excerpt opens under the header: the rows are read as a fragment, whose columns the
    # weight and score glued after each target, 9555, do not fit)
    text = (
        "产出指标数量指标开放天数≥300天10质量指标讲座知晓率=100%5满意度指标服务对象满意度指标读者满意度"
        "≥95%9555合计100100评价结论通过免费开放吸引了更多读者,得到一致好评。存在问题资金不是在年初"
        "到位,已经100%落实支付,这就造成年初开展工作无经费,改进措施及时补充运营经费,使事业不断发展。"
    )
    result = extract(text)
    names = [i.level3 for p in result.projects for i in p.indicators]
    assert names == ["开放天数", "讲座知晓率", "读者满意度"]
    assert any(p.kind == "truncated" and p.raw.startswith("9555合计") for p in result.problems)  # said, not lost


def test_a_glued_department_self_evaluation_its_columns_scrambled_and_read_past():
    # a department-wide self-evaluation (重庆's template) glued: the 全年完成值 column's name
    # scrambled by the conversion (年成值全完值), a column the reader skips named after eight
    # unknown characters (得分系数), the adjusted target mostly blank, the kind printed in the
    # operator column (定量指标), a yes or no closing each row, and the grade achieved (好 | 好)
    text = (
        "绩效指标指标名称计量单位指标性质年初指标值调整指标值年成值全完值得分系数(%)指标权重(分)指标得分(分)"
        "是否核心指标财政供养人员控制率%定量指标100%92%100%22否预算执行率%90%95%96%100%55是"
        "资金使用合规性好好100%44否宣传稿件数量篇定量指标200篇260篇100%1010是"
    )
    found = [(i.level3, i.value, i.actual, i.weight, i.score, i.kind) for i in extract(text).projects[0].indicators]
    assert found == [
        ("财政供养人员控制率", "100%", "92%", "2", "2", "定量"),
        ("预算执行率", "95%", "96%", "5", "5", ""),
        ("资金使用合规性", "好", "好", "4", "4", ""),
        ("宣传稿件数量", "200篇", "260篇", "10", "10", "定量"),
    ]


def test_glued_digit_runs_of_reverse_indicators_full_marks_for_a_result_below_target():
    # 指标值 | 权重 | 完成值 | 得分 glued into one digit run: a result well below its target
    # with full marks is a reverse indicator's (成灾率 0.4 | 0.1), not a wrong cut
    text = (
        "绩效指标指标名称计量单位指标性质指标值指标权重(分)全年完成值指标得分(分)说明"
        "管护任务完成率%901010010森林火灾受害率%0.9100.210有害生物成灾率%0.4100.110造林面积万亩2510310"
    )
    found = [(i.level3, i.value, i.actual, i.weight, i.score) for i in extract(text).projects[0].indicators]
    assert found == [
        ("管护任务完成率", "90%", "100", "10", "10"),
        ("森林火灾受害率", "0.9%", "0.2", "10", "10"),
        ("有害生物成灾率", "0.4%", "0.1", "10", "10"),
        ("造林面积", "25万亩", "3", "10", "10"),
    ]


def test_a_table_whose_operator_column_prints_the_values_kind():
    # 指标性质 holding 定量/定性 (指标) is the value's kind: no operator in the value
    text = "\n".join(
        [
            "项目名称:宣传经费",
            "| 指标名称 | 计量单位 | 指标性质 | 指标值 | 全年完成值 | 指标权重(分) | 指标得分(分) |",
            "| 预算调整率 | % | 定量 | 3 | 0 | 2 | 2 |",
            "| 管理制度健全性 |  | 定性指标 | 健全 | 健全 | 3 | 3 |",
        ]
    )
    found = [(i.level3, i.value, i.kind) for i in extract(text).projects[0].indicators]
    assert found == [("预算调整率", "3%", "定量"), ("管理制度健全性", "健全", "定性")]


def test_a_glued_self_evaluation_its_weight_column_scrambled_before_the_target():
    # 参考分值 scrambled (考值参分) and glued to 指标值(A): two columns, the weight's first, so
    # each row prints its weight before its target (10 | 2370人 | 2370人 | 10)
    text = (
        "一级指标二级指标三级指标考值参分指标值(A)全年实际值(B)得分未完成原因分析及改进措施"
        "项目产出(30分)数量指标(10分)保障人数102370人2370人10指标2:质量指标(5分)公用经费标准5符合相关文件要求"
        "符合相关文件要求5成本指标(10分)办公所需成本415万元15万元4维修所需成本335万元35万元3"
    )
    found = [(i.level2, i.level3, i.weight, i.value, i.actual, i.score) for i in extract(text).projects[0].indicators]
    assert found == [
        ("数量指标", "保障人数", "10", "2370人", "2370人", "10"),
        ("质量指标", "公用经费标准", "5", "符合相关文件要求", "符合相关文件要求", "5"),
        ("成本指标", "办公所需成本", "4", "15万元", "15万元", "4"),
        ("成本指标", "维修所需成本", "3", "35万元", "35万元", "3"),
    ]


def test_a_delimited_row_as_wide_as_its_header_keeps_each_cell_in_its_column():
    # 重庆's department self-evaluation as a web page prints it: the adjusted target blank, the
    # result and the score coefficient after it. A row printing every column, blanks included,
    # is not shifted by content: 92 is no adjusted target, 100 no result
    text = "\n".join(
        [
            "项目名称:部门整体支出",
            "| 指标名称 | 计量单位 | 指标性质 | 年初指标值 | 调整指标值 | 全年完成值 | 得分系数(%) | 指标权重(分) | 指标得分(分) |",
            "| 财政供养人员控制率 | % | 定量指标 | 100 |  | 92 | 100 | 2 | 2 |",
            "| 预算调整率 | % | 定量 | 3 | 5 | 0 | 100 | 2 | 2 |",
        ]
    )
    found = [(i.level3, i.value, i.actual, i.kind) for i in extract(text).projects[0].indicators]
    assert found == [("财政供养人员控制率", "100%", "92", "定量"), ("预算调整率", "5%", "0", "定量")]


def test_level_one_labels_printed_without_their_last_word():
    # 产出 | 数量, 效益 | 社会效益: a form printing the categories short (as the evaluation
    # framework's 决策 | 过程 | 产出 | 效益 does) still gives each row its two levels
    text = "\n".join(
        [
            "项目名称:农技推广",
            "| 一级指标 | 二级指标 | 三级指标 | 指标值 |",
            "| 产出 | 数量 | 培训农民人次 | ≥500人次 |",
            "|  | 质量 | 培训合格率 | ≥95% |",
            "| 效益 | 社会效益 | 带动农户增收 | 明显 |",
            "| 满意度 | 服务对象满意度 | 参训农民满意度 | ≥90% |",
        ]
    )
    found = [(i.level1, i.level2, i.level3) for i in extract(text).projects[0].indicators]
    assert found == [
        ("产出", "数量", "培训农民人次"),
        ("产出", "质量", "培训合格率"),
        ("效益", "社会效益", "带动农户增收"),
        ("满意度", "服务对象满意度", "参训农民满意度"),
    ]


def test_a_name_column_headed_by_indicator_alone_under_the_title_column():
    # 重庆's 一般性项目 form: 绩效指标 titles the block, and the column beside it, named 指标
    # alone, holds each indicator's name (a cell a line, its blank cells kept as blank lines)
    text = "\n".join(
        ["当年绩效目标", "按时足额发放", "绩效指标", "指标", "指标权重", "计量单位", "指标性质", "指标值"]
        + ["发放人数", "20", "人", "≥", "80", "", "足额发放率", "10", "%", "≥", "95", ""]
    )
    found = [(i.level3, i.value, i.weight) for p in extract(text).projects for i in p.indicators]
    assert found == [("发放人数", "≥80人", "20"), ("足额发放率", "≥95%", "10")]


def test_a_unit_column_holding_a_count_of_people():
    # 计量单位 printing 人数 (as 重庆's forms do) is the value's unit, a cell a line as anywhere
    text = "\n".join(
        ["三级指标", "计量单位", "指标性质", "指标值"]
        + ["发放人数", "人数", "≥", "80", "足额发放率", "%", "≥", "95", "受益户数", "户", "=", "120"]
    )
    found = [(i.level3, i.value) for p in extract(text).projects for i in p.indicators]
    assert found == [("发放人数", "≥80人数"), ("足额发放率", "≥95%"), ("受益户数", "=120户")]
