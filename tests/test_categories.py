import pytest

from perfkb.vocab import categories, norm_label


@pytest.mark.parametrize(
    "level1,level2,std",
    [
        ("产出指标", "数量指标", ("产出指标", "数量指标")),
        ("产出指标", "成本指标", ("产出指标", "成本指标")),
        ("成本指标", "经济成本指标", ("成本指标", "经济成本指标")),
        ("成本指标", "", ("成本指标", "")),
        ("效益指标", "可持续发展指标", ("效益指标", "可持续影响指标")),
        ("满意度指标", "服务对象满意度", ("满意度指标", "服务对象满意度指标")),
        # Henan 2021 template
        ("产出目标", "数量", ("产出指标", "数量指标")),
        ("效果目标", "环境效益", ("效益指标", "生态效益指标")),
        ("效益指标", "生态环境效益指标", ("效益指标", "生态效益指标")),
        ("效果目标", "满意度", ("满意度指标", "服务对象满意度指标")),
        ("影响力目标", "长效管理", ("效益指标", "可持续影响指标")),
        ("投入与目标管理", "财务管理", ("", "")),
        # department-wide template
        ("效益指标", "满意度", ("满意度指标", "服务对象满意度指标")),
        ("投入管理指标", "绩效管理", ("", "")),
        # the MOF 2018 template's level 1, printed without 指标 too
        ("项目完成", "质量指标", ("产出指标", "质量指标")),
        ("项目效益", "社会效益指标", ("效益指标", "社会效益指标")),
        # weights, spaces and full-width brackets do not matter
        ("产出指标（50分）", "质量 指标", ("产出指标", "质量指标")),
        # an unknown level 2 keeps the level-1 category
        ("产出指标", "业务水平能力", ("产出指标", "")),
    ],
)
def test_standard_category(level1, level2, std):
    assert categories().standard(level1, level2) == std


def test_fits_uses_the_templates_parents():
    cats = categories()
    assert cats.fits("效果目标", "满意度") is True
    assert cats.fits("影响力目标", "满意度") is False
    assert cats.fits("产出指标", "不在词表") is None


def test_norm_label():
    assert norm_label("产出指标(20分)") == "产出指标"
    assert norm_label("指标值确定 依据") == "指标值确定依据"


def test_labels_ending_in_another_word_where_others_print_zhibiao():
    cats = categories()  # 产出值 | 数量值 (a Shandong template) are 产出指标 | 数量指标
    assert cats.standard("产出值", "数量值") == ("产出指标", "数量指标")
    assert cats.standard("效益值", "可持续影响值") == ("效益指标", "可持续影响指标")
    assert cats.is_level1("产出值") and not cats.is_level2("产量值")
