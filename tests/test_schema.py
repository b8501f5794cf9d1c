"""Each table's columns are defined once (perfkb/schema.py): the database, the app's labels and
the README's schema section must all say what the definitions say."""

import sqlite3

import yaml
from conftest import ROOT

from perfkb.schema import ALL_TABLES, README_MARKERS, SEARCHABLE, readme_section


def test_database_has_exactly_the_defined_columns(seed_db):
    db = sqlite3.connect(seed_db)
    for table in ALL_TABLES:
        assert tuple(r[1] for r in db.execute(f"pragma table_info([{table.name}])")) == table.names
    for name, table in SEARCHABLE.items():
        fts = tuple(r[1] for r in db.execute(f"pragma table_info([{name}_fts])"))
        assert fts == (*table.fts, "chars")


def test_app_labels_are_the_defined_labels():
    tables = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))["databases"]["kb"]["tables"]
    for table in ALL_TABLES:
        if table.name == "build_info":
            continue
        labels = tables[table.name]["columns"]
        assert {c.name: labels.get(c.name) for c in table.columns} == {c.name: c.label for c in table.columns}


def test_readme_schema_section_is_generated_from_the_definitions():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = README_MARKERS
    assert readme.split(start, 1)[1].split(end, 1)[0].strip() == readme_section().strip(), "run python -m perfkb.schema"
