"""CSV for Excel on Chinese Windows: ?_bom=1 on any .csv URL prefixes a UTF-8 BOM.

Datasette's CSV (all rows with _stream=on) is UTF-8 without a BOM, which Excel there opens as
mojibake. The wrapper only prepends three bytes to the streamed body, so every CSV Datasette
can produce (tables, searches, facets, canned queries) gets an Excel variant; each table and
query page links to it.
"""
from datasette import hookimpl

BOM = b"\xef\xbb\xbf"


@hookimpl
def asgi_wrapper():
    def wrap(app):
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

    return wrap


_LINK_JS = """
(function () {
  var csv = document.querySelector('.export-links a[href*=".csv"]');
  if (!csv) return;
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
})();
"""


@hookimpl
def extra_body_script(view_name):
    return _LINK_JS if view_name in ("table", "query") else ""
