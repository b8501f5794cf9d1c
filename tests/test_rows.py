from perfkb.rows import is_cell_per_line, reconstruct_rows

DOCX = "\n".join(
    [
        "\t一级指标",
        "\t二级指标",
        "\t三级指标",
        "\t指标值",
        "",
        "\t产出指标",
        "\t数量指标",
        "\t出警执勤次数",
        "\t≥1000次",
        "",
        "\t",
        "\t质量指标",
        "\t交通肇事逃逸案件",
        "侦破率",
        "\t≥10%",
        "",
        "\t效益指标",
        "\t社会效益指标",
        "\t事故下降率",
        "\t有效预防",
        "",
        "\t满意度指标",
        "\t服务对象满意度指标",
        "\t满意度",
        "\t≥95%",
        "",
        "正文段落",
    ]
).split("\n")


def test_docx_cell_per_line_rows():
    assert is_cell_per_line(DOCX)
    rows = [r for r in reconstruct_rows(DOCX) if r is not None]
    assert rows[0].cells == ["一级指标", "二级指标", "三级指标", "指标值"]
    assert rows[0].line == 1
    assert rows[2].cells == ["", "质量指标", "交通肇事逃逸案件\n侦破率", "≥10%"]
    assert rows[2].line == 11
    assert rows[-1].cells == ["正文段落"]


def test_pdf_tab_rows_keep_empty_cells_and_blank_lines():
    lines = ["一级指标\t二级指标\t三级指标\t指标值", "\t\t预算执行率\t=100%", "", "## 标题"]
    rows = reconstruct_rows(lines)
    assert not is_cell_per_line(lines)
    assert rows[1].cells == ["", "", "预算执行率", "=100%"]
    assert rows[1].filled == [(2, "预算执行率"), (3, "=100%")]
    assert rows[2] is None
    assert rows[3].cells == ["标题"]


def test_a_cell_a_line_after_lone_pipes_ends_a_row_at_a_run_of_pipes():
    # each cell on a line of its own, a lone '|' line after each; '||||' pads the row and ends it
    lines = []
    for row in (
        ["项目完成指标", "质量指标", "改善养老服务基础条件", "明显改善"],
        ["效益指标", "社会效益指标", "服务需求", "有所提升"],
    ):
        for cell in row:
            lines += [f"     {cell}", "        | "]
        lines.append("  ||||")
    rows = [row.cells for row in reconstruct_rows(lines) if row is not None]
    assert rows == [
        ["项目完成指标", "质量指标", "改善养老服务基础条件", "明显改善"],
        ["效益指标", "社会效益指标", "服务需求", "有所提升"],
    ]


def test_a_few_piped_rows_printing_category_labels_are_a_table_and_a_menu_is_not():
    excerpt = [
        "| 产出 指标 | 数量指标 | 年度申请就学补助户数 | >=101人/次 | ||||||",
        "| 质量指标 | 逾期发放率 | >=100% | |||||||",
        "| 时效指标 | 就学补助及时发放率 | >=100% | |||||||",
    ]
    assert [r.cells[:3] for r in reconstruct_rows(excerpt)][1] == ["质量指标", "逾期发放率", ">=100%"]
    menu = ["首页 | 政务公开 | 财政预决算", "当前位置: 首页 | 部门预算"]
    assert [r.cells for r in reconstruct_rows(menu)] == [[line] for line in menu]
