"""PerfKB: performance-target tables from Chinese budget disclosures, as a knowledge base.

Pipeline, one module a step: reading (file -> lines) -> rows (lines -> table rows) ->
tables / extract / wide (rows -> projects and indicators) -> values, categories
(normalising) -> document (metadata) -> store (SQLite) -> Datasette.
"""
