"""Touches on Datasette's own pages: marked search words, links by name, source lines linked,
CSV for Excel (`_bom=1`) on every .csv URL, and the source view `/-/source/<file>?line=N`."""
from __future__ import annotations

import html
import json
from pathlib import Path

from datasette.utils.asgi import Response
from markupsafe import Markup

from perfkb.privacy import redact
from perfkb.search import highlight_terms

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"
CONTEXT = 25
SOURCE_LINKED = {"indicators", "projects", "problems"}
NAME_LINKS = {
    ("indicators", "project_id"): ("projects", "name"),
    ("indicators", "document_id"): ("documents", "department"),
    ("projects", "document_id"): ("documents", "department"),
}
BOM = b"\xef\xbb\xbf"
MAX_QUERY = 200


# ------------------------------------------------------------------ marks on table search

HIGHLIGHT_JS = """
(function (terms) {
  if (!terms.length) return;
  var pattern = new RegExp(terms.map(function (t) {
    return t.replace(/[.*+?^${}()|[\\]\\\\]/g, "\\\\$&");
  }).join("|"), "gi");
  document.querySelectorAll("table.rows-and-columns td").forEach(function (td) {
    if (td.querySelector("a")) return;
    var walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      if (!pattern.test(node.nodeValue)) return;
      pattern.lastIndex = 0;
      var span = document.createElement("span");
      span.innerHTML = node.nodeValue.replace(/[&<>]/g, function (c) {
        return {"&": "&amp;", "<": "&lt;", ">": "&gt;"}[c];
      }).replace(pattern, function (m) { return "<mark>" + m + "</mark>"; });
      node.parentNode.replaceChild(span, node);
    });
  });
})(%s);
"""


def highlight_script(view_name, table, request):
    query = request.args.get("_search") if request is not None else None
    if view_name != "table" or not query or table not in ("indicators", "projects"):
        return ""
    return HIGHLIGHT_JS % json.dumps(highlight_terms(query[:MAX_QUERY]), ensure_ascii=False)


# ------------------------------------------------------------------ CSV for Excel

def bom_wrapper(app):
    """?_bom=1 on any .csv URL prefixes a UTF-8 BOM to the (streamed) body, for Excel on Chinese
    Windows, which opens UTF-8 without one as mojibake."""
    async def with_bom(scope, receive, send):
        query = scope.get("query_string", b"")
        wanted = (scope.get("type") == "http" and scope.get("path", "").endswith(".csv")
                  and b"_bom=1" in query.split(b"&"))
        if not wanted:
            await app(scope, receive, send)
            return
        started = False

        async def send_with_bom(message):
            nonlocal started
            if message["type"] == "http.response.start":
                message = {**message, "headers": [(k, v) for k, v in message.get("headers", [])
                                                  if k.lower() != b"content-length"]}
            elif message["type"] == "http.response.body" and not started:
                started = True
                message = {**message, "body": BOM + message.get("body", b"")}
            await send(message)

        await app(scope, receive, send_with_bom)

    return with_bom


# A "CSV (Excel)" link beside every CSV link (table, canned query and SQL pages), and an Excel
# checkbox in the table page's advanced export form.
EXCEL_LINK_JS = """
(function () {
  document.querySelectorAll('.export-links a[href*=".csv"]').forEach(function (csv) {
    if (csv.parentNode.querySelector("a.csv-excel")) return;
    var url = new URL(csv.href, location.href);
    url.searchParams.set("_stream", "on");
    url.searchParams.set("_bom", "1");
    url.searchParams.set("_dl", "1");
    var link = document.createElement("a");
    link.href = url.pathname + url.search;
    link.textContent = "CSV (Excel)";
    link.className = "csv-excel";
    csv.parentNode.insertBefore(document.createTextNode(", "), csv.nextSibling);
    csv.parentNode.insertBefore(link, csv.nextSibling.nextSibling);
  });
  var form = document.querySelector(".advanced-export form");
  if (form && !form.querySelector("input[name=_bom]")) {
    var label = document.createElement("label");
    label.innerHTML = '<input type="checkbox" name="_bom" value="1" checked> Excel（UTF-8 BOM）';
    var p = document.createElement("p");
    p.appendChild(label);
    form.insertBefore(p, form.querySelector("input[type=submit]") || null);
  }
})();
"""


def excel_script(view_name):
    # Datasette 0.65 renders a canned query as view "table", the SQL page as "database"
    return EXCEL_LINK_JS if view_name in ("table", "query", "database") else ""


# Canned-query parameters: a Chinese label and an example (plugin config query_params) on each box.
QUERY_PARAMS_JS = """
(function () {
  var data = document.getElementById("perfkb-query-params");
  if (!data) return;
  var hints = JSON.parse(data.textContent);
  document.querySelectorAll("form.sql input[type=text]").forEach(function (input) {
    var hint = hints[input.name];
    if (!hint) return;
    var label = document.querySelector("label[for=" + input.id + "]");
    if (label && hint.label) label.textContent = hint.label + "（" + input.name + "）";
    if (hint.example) input.placeholder = "例：" + hint.example;
  });
})();
"""


def query_params_script(template):
    return QUERY_PARAMS_JS if (template or "").startswith("query") else ""


# ------------------------------------------------------------------ links in cells

def source_url(datasette, source_file, line):
    return datasette.urls.path(f"/-/source/{source_file}?line={line}#L{line}")


def render_cell(row, value, column, table, database, datasette):
    keys = row.keys()
    if (table in SOURCE_LINKED or table is None) and column == "source_line" and isinstance(value, int) \
            and "source_file" in keys and row["source_file"]:
        url = html.escape(source_url(datasette, row["source_file"], value))
        return Markup(f'<a href="{url}" title="查看原文">{int(value)}</a>')
    if table is None and column == "id" and isinstance(value, int):
        # a canned query's id column: an indicator's where the row has its name, a project's
        # where it has a budget
        other = "indicators" if "level3" in keys else "projects" if "budget_wan" in keys else None
        if other:
            return Markup(f'<a href="{html.escape(datasette.urls.row(database, other, str(value)))}">{value}</a>')
    target = NAME_LINKS.get((table, column))
    if target is None or not isinstance(value, int):
        return None  # table pages already expand foreign keys to {value, label} links
    other, label = target

    async def link():
        rows = await datasette.get_database(database).execute(f"select {label} from {other} where id = ?", [value])
        name = rows.first()[0] if rows.first() else ""
        url = datasette.urls.row(database, other, str(value))
        return Markup(f'<a href="{html.escape(url)}">{html.escape(name or str(value))}</a> <em>{int(value)}</em>')

    return link


# ------------------------------------------------------------------ source view

async def source_page(request, datasette):
    """The document text around a line, the line marked; files only by the names in the
    documents table; personal data (负责人, 联系电话, …) masked before display."""
    name = request.url_vars["source_file"]
    known = set()
    for db in datasette.databases.values():
        if "documents" in await db.table_names():
            known |= {r[0] for r in await db.execute("select source_file from documents")}
    if name not in known or not (DATA_DIR / name).is_file():
        return Response.html(f"<h1>404</h1><p>没有这个来源文件 {html.escape(name)}</p>", status=404)
    try:
        line = int(request.args.get("line", "1"))
    except ValueError:
        return Response.html("<h1>400</h1><p>line 须为整数</p>", status=400)
    lines = (DATA_DIR / name).read_text(encoding="utf-8", errors="replace").split("\n")
    line = min(max(line, 1), len(lines))
    start, end = max(1, line - CONTEXT), min(len(lines), line + CONTEXT)
    rows = []
    for number in range(start, end + 1):
        text = html.escape(redact(lines[number - 1])).replace("\t", '<span class="tab">⇥</span>')
        mark = ' class="hit"' if number == line else ""
        rows.append(f'<tr id="L{number}"{mark}><td class="n"><a href="?line={number}#L{number}">{number}</a></td>'
                    f"<td><pre>{text}</pre></td></tr>")
    nav = (f'<a href="?line={max(1, line - 2 * CONTEXT)}">↑ 上文</a> · '
           f'<a href="?line={min(len(lines), line + 2 * CONTEXT)}">下文 ↓</a>')
    css = html.escape(datasette.urls.path("/-/perfkb/app.css"))
    body = f"""<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(name)} 第 {line} 行</title><link rel="stylesheet" href="{css}">
<style>body{{font-family:system-ui,sans-serif;margin:0 1em}} pre{{margin:0;white-space:pre-wrap}}
td.n{{text-align:right;color:#888;width:4em;vertical-align:top}} tr.hit td{{background:#fff3a8}} span.tab{{color:#bbb}}</style>
</head><body><section class="content">
<p><a href="{html.escape(datasette.urls.path('/'))}">绩效目标知识库</a> / 原文</p>
<h1>{html.escape(name)}，第 {line} 行</h1><p>{nav} · ⇥ 表示表格单元格之间的分隔；人名与电话号码已隐去。</p>
<table class="source">{''.join(rows)}</table></section></body></html>"""
    return Response.html(body)
