"""The perfkb Datasette plugin: the reviewers' search page, comparison across cities, and the
Chinese table search, on documented plugin hooks only (Datasette stays unmodified underneath).

Installed, it registers as the `perfkb` entry point (pyproject.toml); `plugins/perfkb_app.py`
loads the same hooks for `datasette --plugins-dir plugins` when it is not installed.

Configuration (`plugins: perfkb:` in metadata.yml), all optional:
  database     the database with the indicators table (default: the first that has one)
  page_size    results per page (default 20; 50 and 100 can be picked on the page)
  time_limit_ms  time limit of the search page's queries (default 3000)
  export_limit rows in a search export at most (default 100000)
  mmap         true: memory-mapped reads (faster counting at scale; only where a database is
               never overwritten in place while served — build_db.py replaces it by rename)
"""

from __future__ import annotations

import asyncio
import re
import urllib.parse
from pathlib import Path

from datasette import hookimpl
from datasette.filters import FilterArguments
from jinja2 import FileSystemLoader

from perfkb.search import fts_query

from . import pages, similar, source, views

HERE = Path(__file__).resolve().parent
MMAP_BYTES = 1 << 34  # SQLite caps this at its compile-time maximum
SEARCH_TABLES = {"indicators": "indicators_fts", "projects": "projects_fts"}
MAX_QUERY = 200
_fts_ok: dict[tuple[int, str, str], bool] = {}


@hookimpl
def startup(datasette):
    async def warm():
        # jieba's dictionary (about a second) and the place words load now, not on the first search.
        await asyncio.get_running_loop().run_in_executor(None, views.warm_libraries)
        await views.state(datasette)
        await views.warm_queries(datasette)

    return warm


@hookimpl
def prepare_jinja2_environment(env):
    # The templates live in the package (found by Datasette itself when the plugin is installed);
    # added here too so the plugins-dir shim finds them. Names are perfkb_* or Datasette's
    # documented per-table overrides, so the order among loaders does not matter.
    loader = FileSystemLoader(str(HERE / "templates"))
    if hasattr(env.loader, "loaders"):
        env.loader.loaders.append(loader)


@hookimpl
def register_routes():
    return (
        views.ROUTES
        + similar.ROUTES
        + [
            (r"^/-/source/(?P<source_file>.+)$", source.source_page),
            (r"^/-/original/(?P<source_file>.+)$", source.original_page),
        ]
    )


@hookimpl
def asgi_wrapper():
    return lambda app: pages.bad_request_wrapper(pages.bom_wrapper(app))


@hookimpl
def extra_body_script(view_name, table, request, template):
    scripts = (
        pages.highlight_script(view_name, table, request),
        pages.excel_script(view_name),
        pages.query_params_script(template),
    )
    return "\n".join(s for s in scripts if s)


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    return pages.render_cell(row, value, column, table, database, datasette)


@hookimpl
def extra_css_urls(datasette):
    return [{"url": datasette.urls.path("/-/perfkb/app.css")}]


DEFAULT_COLUMNS = {
    "indicators": (
        "id",
        "level3",
        "value",
        "value_period",
        "level1",
        "level2",
        "project",
        "city",
        "year",
        "source_line",
    )
}


def column_labels(datasette, database, table):
    """Short Chinese headers from metadata.yml's column labels: the text before a bracket or
    slash (一级指标（全国框架） stays whole where the short form would repeat another column's)."""
    columns = (datasette.table_metadata(database, table) or {}).get("columns") or {} if table else {}
    short = {}
    for column, label in columns.items():
        head = re.split(r"[（(/，,]", str(label))[0].strip()
        short[column] = head if head and len(head) <= 12 and not head[0].isdigit() else column
    repeated = {v for v in short.values() if list(short.values()).count(v) > 1}
    return {c: (str(columns[c]).split("，")[0] if v in repeated else v) for c, v in short.items()}


@hookimpl
def extra_template_vars(datasette, request, view_name, database, table, template):
    async def inner():
        context = {
            "perfkb_search_url": datasette.urls.path("/-/search"),
            "perfkb_labels": column_labels(datasette, database, table) if database else {},
            "perfkb_default_columns": None,
        }
        args = request.args if request is not None else {}
        if view_name == "table" and table in DEFAULT_COLUMNS and not any(k in args for k in ("_col", "_nocol")):
            context["perfkb_default_columns"] = DEFAULT_COLUMNS[table]
            pairs = [(k, v) for k in args for v in args.getlist(k)] + [("_nocol", "_none_")]
            context["perfkb_all_columns_url"] = request.path + "?" + urllib.parse.urlencode(pairs)
        if (template or "").startswith("query"):  # canned queries and the SQL page
            context["perfkb_query_params"] = (datasette.plugin_config("perfkb") or {}).get("query_params") or {}
        if view_name == "row" and table == "indicators" and request is not None:
            context.update(await views.row_context(datasette, database, request.url_vars.get("pks", "")))
        return context

    return inner


def _segmented(query):
    return fts_query((query or "")[:MAX_QUERY])


@hookimpl
def prepare_connection(conn, database, datasette):
    conn.create_function("perfkb_fts_query", 1, _segmented, deterministic=True)
    similar.register_functions(conn, database)
    # Memory-mapped reads spare the per-page read calls that dominate counting a search's matches
    # at scale, but a database file overwritten in place while mapped kills the server (SIGBUS)
    # where a plain read fails one request: opt-in, for sites that publish builds by rename only
    # (as build_db.py does).
    if (datasette.plugin_config("perfkb") or {}).get("mmap"):
        conn.execute(f"pragma mmap_size = {MMAP_BYTES}")


async def _is_our_fts(datasette, database, fts_table):
    key = (id(datasette), database, fts_table)
    if key not in _fts_ok:
        db = datasette.get_database(database)
        try:
            columns = await db.table_columns(fts_table)
        except Exception:  # noqa: BLE001 - no such table
            columns = []
        _fts_ok[key] = "chars" in columns
    return _fts_ok[key]


@hookimpl(trylast=True)  # after Datasette's own search filter, so that our supports_search wins
def filters_from_request(request, database, table, datasette):
    """?_search= on our own tables: jieba-segmented (perfkb/search.py) against our FTS index.
    metadata.yml names no fts_table for them, so Datasette's own search leaves them alone and
    searches every other FTS table in the instance as it always does."""
    fts_table = SEARCH_TABLES.get(table)
    if fts_table is None:
        return None

    async def inner():
        if not await _is_our_fts(datasette, database, fts_table):
            return None
        query = request.args.get("_search")
        context = {"supports_search": True}
        if not query:
            return FilterArguments([], {}, [], context)
        raw = request.args.get("_searchmode") == "raw"
        match = ":perfkb_search" if raw else "perfkb_fts_query(:perfkb_search)"
        # the next page of a listing in id order (a streamed CSV is hundreds of them): the FTS index
        # seeks past the previous page instead of matching from the start every time
        after = request.args.get("_next", "")
        in_id_order = request.args.get("_sort") in (None, "", "id") and not request.args.get("_sort_desc")
        seek = f" and rowid > {int(after)}" if after.isdigit() and len(after) < 19 and in_id_order else ""
        where = f"id in (select rowid from [{fts_table}] where [{fts_table}] match {match}{seek})"
        context["search"] = query
        return FilterArguments(
            [where], {"perfkb_search": query[:MAX_QUERY] if not raw else query}, [f'search matches "{query}"'], context
        )

    return inner
