"""Chinese search: segment ?_search= queries with jieba and highlight what matched.

Datasette's table search runs `fts match escape_fts(:search)`; this plugin registers its own
escape_fts (last, so it wins over Datasette's) that turns an unsegmented query into an FTS5
expression over the jieba index (perfkb/search.py). The search box, ?_search= in the JSON
API and CSV exports all go through it.
"""
import json

from datasette import hookimpl

from perfkb.search import fts_query, highlight_terms

MAX_QUERY = 200


def _segmented_query(query):
    return fts_query((query or "")[:MAX_QUERY])


@hookimpl(trylast=True)
def prepare_connection(conn):
    conn.create_function("escape_fts", 1, _segmented_query, deterministic=True)
    conn.create_function("perfkb_fts_query", 1, _segmented_query, deterministic=True)


_HIGHLIGHT_JS = """
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


@hookimpl
def extra_body_script(view_name, request):
    query = request.args.get("_search") if request is not None else None
    if view_name != "table" or not query:
        return ""
    return _HIGHLIGHT_JS % json.dumps(highlight_terms(query[:MAX_QUERY]), ensure_ascii=False)
