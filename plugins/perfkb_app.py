"""Shim: `datasette --plugins-dir plugins` loads the perfkb plugin (perfkb/app) when it is not
installed as the `perfkb` entry point (`pip install -e .` registers it; then this does nothing)."""

from datasette.plugins import pm

if pm.get_plugin("perfkb") is None:
    from perfkb.app import (  # noqa: F401
        asgi_wrapper,
        extra_body_script,
        extra_css_urls,
        extra_template_vars,
        filters_from_request,
        prepare_connection,
        prepare_jinja2_environment,
        register_routes,
        render_cell,
        startup,
    )
