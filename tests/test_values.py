import pytest

from perfkb.values import Value, is_deadline, looks_like_number_value, looks_qualitative, parse_value


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("≥90%", Value("≥", 90.0, "%", "定量")),
        ("≤200万元", Value("≤", 200.0, "万元", "定量")),
        ("=100%", Value("=", 100.0, "%", "定量")),
        (">95%", Value(">", 95.0, "%", "定量")),
        ("<1小时", Value("<", 1.0, "小时", "定量")),
        ("100%", Value("", 100.0, "%", "定量")),
        ("31个", Value("", 31.0, "个", "定量")),
        ("≥16.54万副", Value("≥", 16.54, "万副", "定量")),
        ("21万元/公里", Value("", 21.0, "万元/公里", "定量")),
        ("≤0.5小时", Value("≤", 0.5, "小时", "定量")),
        ("≤1644 台", Value("≤", 1644.0, "台", "定量")),
        (">=90%", Value("≥", 90.0, "%", "定量")),
        ("＞95%", Value(">", 95.0, "%", "定量")),
        ("＝100%", Value("=", 100.0, "%", "定量")),
        ("不低于95%", Value("≥", 95.0, "%", "定量")),
        ("312万元以内", Value("≤", 312.0, "万元", "定量")),
        ("552元/人/月", Value("", 552.0, "元/人/月", "定量")),
        (">=530元/人*月", Value("≥", 530.0, "元/人*月", "定量")),
        ("≥570元/人·月", Value("≥", 570.0, "元/人·月", "定量")),
        ("≤28.40/株", Value("≤", 28.4, "/株", "定量")),
        ("≥300人/次", Value("≥", 300.0, "人/次", "定量")),
        ("20,000,000元", Value("", 20000000.0, "元", "定量")),
        ("2024年9月", Value("", None, "日期", "定量")),
        ("当年12月31日前完成", Value("", None, "日期", "定量")),
        ("1-12月", Value("", None, "日期", "定量")),
        ("2021年1月-12月", Value("", None, "日期", "定量")),
        ("2022.10.31", Value("", None, "日期", "定量")),
        ("2021.1.1-12.31", Value("", None, "日期", "定量")),
        ("3-5个工作日", Value("", 3.0, "个工作日", "定量")),
        ("10～20人", Value("", 10.0, "人", "定量")),
        ("较上年有所提升", Value("", None, "", "定性")),
        ("及时", Value("", None, "", "定性")),
        ("显著提升", Value("", None, "", "定性")),
        ("", Value("", None, "", "")),
    ],
)
def test_parse_value(raw, expected):
    assert parse_value(raw) == expected


@pytest.mark.parametrize(
    "text,is_value",
    [
        ("≥90%", True),
        ("100%", True),
        ("2024年9月", True),
        ("2021年1-12月", True),
        ("2022.10.31前", True),
        ("1-2天", True),
        ("≥5%较上年有所降低的", True),
        ("1-12月份工资发放人数", False),
        ("100兆宽带数量", False),
        ("交通违法行为下降率", False),
        ("群众满意度", False),
    ],
)
def test_number_value_cells_are_told_from_names(text, is_value):
    assert looks_like_number_value(text) is is_value


@pytest.mark.parametrize(
    "text,qualitative",
    [
        ("及时", True),
        ("较上年有所提升", True),
        ("满意", True),
        ("按标准", True),
        ("满意度", False),
        ("支付及时率", False),
        ("群众满意度", False),
    ],
)
def test_qualitative_values_are_told_from_names(text, qualitative):
    assert looks_qualitative(text) is qualitative


def test_an_approximate_number_is_a_number_value_with_its_own_unit():
    # 约 before the number: still a value, and the unit is read after the number, not shifted
    assert looks_like_number_value("约12000平方米")
    assert parse_value("约12000平方米") == Value("", 12000.0, "平方米", "定量")
    assert parse_value("约111.45万亩").unit == "万亩"


@pytest.mark.parametrize(
    "text,deadline",
    [
        ("每月20日前发放", True),
        ("2023年12月底前拨付", True),
        ("每年3月底前", True),
        ("12月31日前完成上报", True),
        # a name that opens on a date, and a name holding one, are no deadline
        ("工资每月20日前发放", False),
        ("2023年12月底前完成的项目数", False),
        ("每日巡查次数", False),
    ],
)
def test_a_deadline_is_a_whole_cell(text, deadline):
    assert is_deadline(text) is deadline
