"""Every stored table's columns, defined once: the SQL, the prepared rows, the FTS columns and
their weights and the README's schema section are derived from these definitions (python -m
perfkb.schema rewrites the README's), and the tests hold metadata.yml's column labels to them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Column:
    name: str
    type: type  # int, float or str (SQLite INTEGER, REAL, TEXT)
    label: str  # what the app shows for it
    loaded: bool = False  # set by the loader (ids, file, derived), not by the parser
    fts_weight: float | None = None  # searchable, with this bm25 weight


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    foreign_keys: tuple[tuple[str, str], ...] = ()  # (column, table) -> table.id
    not_null: tuple[str, ...] = ()
    pk: str = "id"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def prepared(self) -> tuple[str, ...]:
        """The columns a parsed document fills, in table order."""
        return tuple(c.name for c in self.columns if not c.loaded)

    @property
    def fts(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.fts_weight is not None)

    @property
    def rank_weights(self) -> tuple[float, ...]:
        """bm25 weights of the FTS columns, then of `chars` (every character, search.py)."""
        return tuple(c.fts_weight for c in self.columns if c.fts_weight is not None) + (1.0,)

    def sql_types(self) -> dict[str, type]:
        return {c.name: c.type for c in self.columns}


def _id(label: str) -> Column:
    return Column("id", int, label, loaded=True)


_PLACE = (
    Column("department", str, "部门"),
    Column("city", str, "市（地级）"),
    Column("province", str, "省"),
    Column("year", int, "预算年度"),
)
_SOURCE_FILE = Column("source_file", str, "来源文件", loaded=True)
_TABLE_KIND = Column("table_kind", str, "表类型（target 申报/预算，self_evaluation 自评/决算，department 部门整体）")

BUILD_INFO = Table(
    "build_info",
    "what the database was built from: the parser fingerprint and every file's sha256",
    (Column("key", str, "键"), Column("value", str, "值")),
    pk="key",
)

FAMILIES = Table(
    "families",
    "same-meaning indicators across documents",
    (
        _id("指标族编号"),
        Column("label", str, "族名（最常见的指标名称）"),
        Column("size", int, "指标数"),
        Column("n_cities", int, "城市数"),
    ),
)

DOCUMENTS = Table(
    "documents",
    "one row per source document",
    (
        _id("文件编号"),
        _SOURCE_FILE,
        Column("sha256", str, "内容校验值", loaded=True),
        Column("title", str, "标题"),
        *_PLACE[:3],
        Column("county", str, "县（区）"),
        _PLACE[3],
        Column("kind", str, "文件类型（target 申报/预算，self_evaluation 自评/决算，department 部门整体）"),
        Column("format", str, "格式（text pdf docx doc xlsx xls csv html）"),
        Column("pages", int, "页数（PDF）"),
        Column("url", str, "原文地址（data/SOURCES.tsv）", loaded=True),
        Column("publisher", str, "发布机构（data/SOURCES.tsv）", loaded=True),
        Column("published", str, "发布日期（data/SOURCES.tsv）", loaded=True),
        Column("n_projects", int, "项目数", loaded=True),
        Column("n_indicators", int, "指标数", loaded=True),
    ),
    not_null=("source_file", "sha256"),
)

PROJECTS = Table(
    "projects",
    "one row per indicator table (a project, or a department-wide table)",
    (
        _id("项目编号"),
        Column("document_id", int, "所属文件（documents.id）", loaded=True),
        *_PLACE,
        Column("name", str, "项目名称", fts_weight=4.0),
        Column("code", str, "项目编码"),
        Column("budget_wan", float, "项目金额（万元）"),
        Column("goal", str, "年度绩效目标", fts_weight=1.0),
        Column("is_department_wide", int, "是否部门整体绩效目标（1 = 是）"),
        _TABLE_KIND,
        _SOURCE_FILE,
        Column("source_line", int, "来源行号（文本文件）"),
        Column("source_locator", str, "来源位置（页、表、行）"),
    ),
    foreign_keys=(("document_id", "documents"),),
)

INDICATORS = Table(
    "indicators",
    "one row per indicator (三级指标) of a table",
    (
        _id("指标编号"),
        Column("document_id", int, "所属文件（documents.id）", loaded=True),
        Column("project_id", int, "所属项目（projects.id）", loaded=True),
        _SOURCE_FILE,
        Column("source_line", int, "来源行号（文本文件，点击查看原文）"),
        Column("source_locator", str, "来源位置（页、表、行）"),
        *_PLACE,
        Column("project", str, "项目名称", fts_weight=1.0),
        Column("level1", str, "一级指标（原文）", fts_weight=0.5),
        Column("level2", str, "二级指标（原文）", fts_weight=0.5),
        Column("level3", str, "三级指标", fts_weight=4.0),
        Column("value", str, "指标值（年度）"),
        Column("value_period", str, "其他期限指标值（实施期 / 中期 / 半年）"),
        Column("value_for", str, "指标值所属（每个乡镇、区县一列指标值的表：该列的名称）"),
        Column("description", str, "绩效指标描述 / 指标解释", fts_weight=2.0),
        Column("basis", str, "指标值确定依据 / 评（扣）分标准", fts_weight=1.0),
        Column("actual", str, "实际完成值（自评表）"),
        Column("weight", float, "分值 / 权重"),
        Column("score", float, "得分（自评表）"),
        Column("deviation", str, "偏差原因分析及改进措施（自评表）"),
        Column("direction", str, "指标方向（正向 / 反向）"),
        _TABLE_KIND,
        Column("value_op", str, "指标值运算符（≥ ≤ > < =）"),
        Column("value_num", float, "指标值数值（按原文，万不换算）"),
        Column("value_unit", str, "指标值单位（“日期”表示时间节点）"),
        Column("value_kind", str, "定量 / 定性"),
        Column("level1_std", str, "一级指标（全国框架）"),
        Column("level2_std", str, "二级指标（全国框架）"),
        Column("level2_std_inferred", int, "1 = 表中未列二级指标，level2_std 由最相似的已标注指标推断", loaded=True),
        Column("family_id", int, "指标族（各地同义指标，families.id）", loaded=True),
    ),
    foreign_keys=(("document_id", "documents"), ("project_id", "projects"), ("family_id", "families")),
)

PROBLEMS = Table(
    "problems",
    "every table row that could not be placed, and every file that could not be read",
    (
        _id("问题编号"),
        _SOURCE_FILE,
        Column("source_line", int, "来源行号（文本文件）"),
        Column("source_locator", str, "来源位置（页、表、行）"),
        Column("kind", str, "问题类型"),
        Column("message", str, "说明"),
        Column("raw", str, "原文"),
    ),
)

# Written after the documents are loaded, from all of them (store.store_families).
INDICATOR_NAMES = Table(
    "indicator_names",
    "every distinct indicator name, what the similar-indicator lookup scores",
    (
        _id("名称编号"),
        Column("name", str, "三级指标名称"),
        Column("n_indicators", int, "指标数"),
        Column("level2_std", str, "最常见的二级指标（全国框架，按原文）"),
        Column("value_unit", str, "最常见的指标值单位"),
        Column("co_listed", str, "同一项目中并列的其他名称（indicator_names.id 的 JSON 列表）"),
    ),
    not_null=("name",),
)

TABLES = (BUILD_INFO, FAMILIES, DOCUMENTS, PROJECTS, INDICATORS, PROBLEMS)  # created before loading
ALL_TABLES = TABLES + (INDICATOR_NAMES,)
SEARCHABLE = {t.name: t for t in TABLES if t.fts}


def readme_section() -> str:
    """The README's schema section (between its markers)."""
    lines = []
    for table in ALL_TABLES:
        lines.append(
            f"- `{table.name}` — {table.description}: "
            + ", ".join(f"`{c.name}` ({c.label})" for c in table.columns)
            + "."
        )
        if table.fts:
            lines.append(
                f"  - `{table.name}_fts`: FTS5 over jieba search-mode tokens of "
                + ", ".join(f"{c} (weight {w})" for c, w in zip(table.fts, table.rank_weights))
                + ", and `chars` (every character; weight 1.0); rowid = id."
            )
    return "\n".join(lines)


README_MARKERS = ("<!-- schema: generated by python -m perfkb.schema -->", "<!-- /schema -->")


def write_readme(root: Path) -> None:
    """Rewrite the schema section of README.md (metadata.yml's labels are checked against these
    definitions by the tests, so that its hand-written parts keep their form)."""
    readme = root / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = README_MARKERS
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    readme.write_text(f"{head}{start}\n{readme_section()}\n{end}{tail}", encoding="utf-8")


if __name__ == "__main__":
    write_readme(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent)
