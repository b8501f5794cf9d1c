"""Storing the knowledge base in SQLite (sqlite-utils), with a jieba-segmented FTS5 index."""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

from .families import NameGroup, assign_families
from .schema import INDICATOR_NAMES, SEARCHABLE, TABLES
from .segment import segment
from .similar import name_rows, names_from_indicators

# What families group indicators by (store_families); as one index, also the index on level3.
NAME_GROUP_COLUMNS = ("level3", "level1_std", "level2_std", "value_unit", "city")
PROJECT_FACET_COLUMNS = ("city", "year", "is_department_wide")
FACET_COLUMNS = ("province", "city", "year", "level1_std", "level2_std", "value_unit", "value_kind")
FTS_COLUMNS = {name: table.fts for name, table in SEARCHABLE.items()}
# bm25 weight per FTS column (then `chars`), stored as each FTS table's `rank`: a word in the
# indicator's or project's own name counts most, its category labels least (schema.py).
RANK_WEIGHTS = {name: table.rank_weights for name, table in SEARCHABLE.items()}


def create_schema(db: sqlite_utils.Database) -> None:
    for table in TABLES:
        db[table.name].create(
            table.sql_types(),
            pk=table.pk,
            not_null=set(table.not_null),
            foreign_keys=[(column, other, "id") for column, other in table.foreign_keys],
        )


def create_search_indexes(db: sqlite_utils.Database) -> None:
    """FTS5 tables, rowid = the row's id: jieba search-mode tokens of each text column, plus
    `chars`, every CJK character of all of them as a token (see search.py). Filled by insert_rows."""
    for table, columns in FTS_COLUMNS.items():
        db.execute(f"create virtual table [{table}_fts] using fts5({', '.join(columns)}, chars, tokenize='unicode61')")
        # A bigger in-memory buffer of pending terms: fewer, larger segments to merge in a bulk load.
        db.execute(f"insert into [{table}_fts] ([{table}_fts], rank) values ('hashsize', {64 * 2**20})")
        weights = ", ".join(map(str, RANK_WEIGHTS[table]))
        db.execute(f"insert into [{table}_fts] ([{table}_fts], rank) values ('rank', 'bm25({weights})')")


def create_indexes(db: sqlite_utils.Database) -> None:
    """B-tree indexes, created once the rows are in (cheaper than keeping them up to date row by row)."""
    for table, columns in (
        ("indicators", ["project_id"]),
        ("indicators", ["document_id"]),
        ("projects", ["document_id"]),
        ("indicators", list(NAME_GROUP_COLUMNS)),
    ):
        db[table].create_index(columns)
    # The default facets (metadata.yml) group by these: an index makes each a scan of the index.
    for column in FACET_COLUMNS:
        db["indicators"].create_index([column])
    for column in PROJECT_FACET_COLUMNS:
        db["projects"].create_index([column])


def insert_rows(
    db: sqlite_utils.Database,
    table: str,
    columns: tuple[str, ...],
    rows: list[list],
    fts: list[list[str]] | None = None,
) -> None:
    """Rows of values in columns' order, the first being the id (and, for searchable tables,
    their FTS columns, row by row), in one executemany each: the bulk path, without
    sqlite-utils' per-row type checks."""
    if not rows:
        return
    db.conn.executemany(f"insert into [{table}] ({', '.join(columns)}) values ({', '.join('?' * len(columns))})", rows)
    if fts is not None:
        names = FTS_COLUMNS[table]
        db.conn.executemany(
            f"insert into [{table}_fts] (rowid, {', '.join(names)}, chars) values (?{', ?' * (len(names) + 1)})",
            [(row[0], *tokens) for row, tokens in zip(rows, fts)],
        )


def store_families(db: sqlite_utils.Database, update: bool = False) -> None:
    """Distinct names (`indicator_names`: count, most frequent printed level 2 and unit, the names
    listed with each in a project), families of same-meaning indicators scored on them, and
    level2_std inferred where no level 2 is printed.
    update: the rows already carry the families of a previous build (an incremental update)."""
    contexts, co_listed, counts = names_from_indicators(db.conn)
    names = INDICATOR_NAMES
    db[names.name].create(names.sql_types(), pk=names.pk, not_null=set(names.not_null))
    with db.conn:
        insert_rows(db, names.name, names.names, name_rows(contexts, co_listed, counts))
    columns = ", ".join(NAME_GROUP_COLUMNS)
    groups = [
        NameGroup(r[0], r[1] or "", r[2] or "", r[3] or "", r[4] or "", r[5], r[6])
        for r in db.execute(f"select {columns}, count(*), min(id) from indicators group by {columns}")
    ]
    families, family_of, inferred = assign_families(groups, co_listed)
    db["families"].insert_all(families)
    # A family is a function of the name: after an incremental update most names keep theirs, and
    # only the rows of names whose family changed, and the rows loaded since, need writing.
    before = (
        dict(
            db.execute(  # each name's family so far: one row per name, not a scan of all rows
                "select level3, (select family_id from indicators i where i.level3 = n.level3 and family_id is not null "
                "limit 1) from (select distinct level3 from indicators) n"
            )
        )
        if update
        else {}
    )
    with db.conn:
        db.execute("create temp table name_family (name text primary key, family_id integer) without rowid")
        db.conn.executemany(
            "insert into temp.name_family values (?, ?)",
            [(name, f) for name, f in family_of.items() if before.get(name) != f],
        )
        family = "(select family_id from temp.name_family where name = indicators.level3)"
        if update:  # few names: their rows through the level3 index, then the rows just loaded
            db.execute(
                f"update indicators set family_id = {family} where level3 in (select name from temp.name_family)"
            )
            db.conn.executemany(
                "update indicators set family_id = ? where id = ?",
                [
                    (family_of[name], i)
                    for i, name in db.execute("select id, level3 from indicators where family_id is null")
                ],
            )
        else:  # every row: one pass in table order, not a name at a time (pages in random order)
            db.execute(f"update indicators set family_id = {family}")
        db.execute("drop table temp.name_family")
        db.conn.executemany(
            "update indicators set level2_std = ?, level2_std_inferred = 1 "
            "where level3 = ? and level1_std = ? and level2_std is null",
            [(l2, name, l1) for (l1, name), l2 in inferred.items()],
        )
    db["indicators"].create_index(["family_id"], if_not_exists=True)  # after the bulk update of a full build


def store_names(db: sqlite_utils.Database) -> None:
    """An FTS index of the jieba words of the distinct names (store_families writes them)."""
    db.execute("create virtual table indicator_names_fts using fts5(name, tokenize='unicode61')")
    with db.conn:
        db.conn.executemany(
            "insert into indicator_names_fts (rowid, name) values (?, ?)",
            [(i, segment(name)) for i, name in db.execute("select id, name from indicator_names")],
        )


def store_sources(db: sqlite_utils.Database, sources: dict[str, dict[str, str | None]]) -> None:
    """Each document's origin (data/SOURCES.tsv), set anew on every build, full or incremental."""
    db.execute("update documents set url = null, publisher = null, published = null")
    db.conn.executemany(
        "update documents set url = :url, publisher = :publisher, published = :published where source_file = :file",
        [{**origin, "file": file} for file, origin in sources.items()],
    )


def record_build_info(db: sqlite_utils.Database, parser: str, digests: dict[str, str], data_dir: Path) -> None:
    """What this database was built from (parser fingerprint, every file's sha256, in order), so a
    later build can tell whether updating it is the same as building anew (incremental.py), and
    where (the app's source view finds the documents there and checks their sha256)."""
    db.execute("delete from build_info")
    db.conn.executemany(
        "insert into build_info (key, value) values (?, ?)",
        [("parser", parser), ("files", json.dumps(digests, ensure_ascii=False)), ("data_dir", str(data_dir.resolve()))],
    )


def delete_document(db: sqlite_utils.Database, document_id: int, ids: range) -> None:
    """A document's rows and their search rows (its projects' and indicators' ids are in ids)."""
    for table in ("indicators", "projects"):
        db.execute(f"delete from [{table}_fts] where rowid between ? and ?", [ids.start, ids.stop - 1])
        db.execute(f"delete from [{table}] where document_id = ?", [document_id])
    db.execute("delete from documents where id = ?", [document_id])


def clear_derived(db: sqlite_utils.Database) -> None:
    """Undo store_families and store_names, which depend on every document, before redoing them."""
    db.execute("delete from families")  # family ids on rows are rewritten where they change
    db.execute("update indicators set level2_std = null, level2_std_inferred = 0 where level2_std_inferred = 1")
    for table in ("indicator_names_fts", "indicator_names"):
        db.execute(f"drop table [{table}]")


def open_existing(path: Path) -> sqlite_utils.Database:
    """For the builder alone: no journal (a failed build deletes its file), a large page cache."""
    db = sqlite_utils.Database(path)
    db.execute("pragma journal_mode = off")
    db.execute("pragma synchronous = off")
    db.execute(f"pragma cache_size = -{256 * 1024}")  # KiB: index building and FTS merges stay in memory
    return db


def open_new(path: Path) -> sqlite_utils.Database:
    path.unlink(missing_ok=True)
    return open_existing(path)
