"""Touches on Datasette's own pages: marked search words, links by name, source lines linked,
CSV for Excel (`_bom=1`) on every .csv URL (the source view is source.py)."""

from __future__ import annotations

import html
import json
import urllib.parse

from markupsafe import Markup

from perfkb.search import highlight_terms

from .source import source_url

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
      // text nodes and <mark> elements, never HTML: the text is marked, not escaped and re-parsed
      var span = document.createElement("span"), text = node.nodeValue, last = 0, m;
      while ((m = pattern.exec(text)) !== null) {
        if (!m[0]) { pattern.lastIndex++; continue; }
        span.appendChild(document.createTextNode(text.slice(last, m.index)));
        var hit = document.createElement("mark");
        hit.textContent = m[0];
        span.appendChild(hit);
        last = m.index + m[0].length;
      }
      span.appendChild(document.createTextNode(text.slice(last)));
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


def malformed_facet(query_string: bytes) -> str | None:
    """A _facet argument written as JSON that does not parse (Datasette answers those with a 500)."""
    for key, value in urllib.parse.parse_qsl(query_string.decode("utf-8", "replace")):
        if key.startswith("_facet") and value.lstrip().startswith("{"):
            try:
                json.loads(value)
            except ValueError:
                return value
    return None


def bad_request_wrapper(app):
    """Arguments that would make Datasette fail with a 500 answer 400, saying which."""

    async def checked(scope, receive, send):
        bad = malformed_facet(scope.get("query_string", b"")) if scope.get("type") == "http" else None
        if bad is None:
            await app(scope, receive, send)
            return
        body = json.dumps({"ok": False, "error": f"_facet is not valid JSON: {bad[:100]}"}, ensure_ascii=False)
        await send(
            {
                "type": "http.response.start",
                "status": 400,
                "headers": [(b"content-type", b"application/json; charset=utf-8")],
            }
        )
        await send({"type": "http.response.body", "body": body.encode("utf-8")})

    return checked


def bom_wrapper(app):
    """?_bom=1 on any .csv URL prefixes a UTF-8 BOM to the (streamed) body, for Excel on Chinese
    Windows, which opens UTF-8 without one as mojibake."""

    async def with_bom(scope, receive, send):
        query = scope.get("query_string", b"")
        wanted = (
            scope.get("type") == "http" and scope.get("path", "").endswith(".csv") and b"_bom=1" in query.split(b"&")
        )
        if not wanted:
            await app(scope, receive, send)
            return
        started = False

        async def send_with_bom(message):
            nonlocal started
            if message["type"] == "http.response.start":
                message = {
                    **message,
                    "headers": [(k, v) for k, v in message.get("headers", []) if k.lower() != b"content-length"],
                }
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


def render_cell(row, value, column, table, database, datasette):
    keys = row.keys()
    if (
        (table in SOURCE_LINKED or table is None)
        and column == "source_line"
        and isinstance(value, int)
        and "source_file" in keys
        and row["source_file"]
    ):
        url = html.escape(source_url(datasette, row["source_file"], value))
        return Markup(f'<a href="{url}" title="查看原文">{int(value)}</a>')
    if (
        table == "indicators"
        and column == "source_locator"
        and value
        and "source_file" in keys
        and "id" in keys
        and row["source_file"]
    ):
        url = html.escape(source_url(datasette, row["source_file"], None, row["id"]))
        return Markup(f'<a href="{url}" title="查看原文">{html.escape(str(value))}</a>')
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
