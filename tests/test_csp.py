"""The page policy: this host only, the page's own inline code by hash, nothing else inline."""

from __future__ import annotations

import base64
import hashlib

import jinja2

from policy_explorer.sitegen.csp import BASE, WORKER_POLICY, TemplateScripts, origin, policy, protect

# The CSP Level 3 specification's own example: the hash of this script text.
SPEC_SCRIPT = "alert('Hello, world.');"
SPEC_HASH = "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"


def _directives(text: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in text.split("; ")}


def test_inline_scripts_are_allowed_by_their_hash_only():
    html = f'<head><meta charset="utf-8"><script>{SPEC_SCRIPT}</script><script src="a.js"></script></head>'
    script_src = _directives(policy(html, allowed=[SPEC_SCRIPT]))["script-src"]
    assert script_src == ["'self'", "'wasm-unsafe-eval'", SPEC_HASH]
    assert "'unsafe-inline'" not in policy(html) and "'unsafe-eval'" not in policy(html)


def test_a_script_the_templates_did_not_write_gets_no_hash():
    """The finished page may hold a script that came in with the data: it must stay blocked."""
    html = f"<head><script>{SPEC_SCRIPT}</script></head><nav><script>window.__pwned = 1</script></nav>"
    assert _directives(policy(html, allowed=[SPEC_SCRIPT]))["script-src"] == [
        "'self'",
        "'wasm-unsafe-eval'",
        SPEC_HASH,
    ]
    assert _directives(policy(html))["script-src"] == ["'self'", "'wasm-unsafe-eval'"]


def test_template_scripts_are_rendered_with_the_page_context():
    env = jinja2.Environment(
        loader=jinja2.DictLoader(
            {
                "base.html": '<script>start("{{ base_url }}")</script><script src="x.js"></script>'
                '<script id="c" type="application/json">{{ config }}</script>{% include "nav.html" %}',
                "nav.html": "<nav>{{ title }}</nav>",
                "broken.html": "<script>{% if %}</script>",
                "icon.svg": "<script>not a template page</script>",
            }
        )
    )
    scripts = TemplateScripts(env)
    assert scripts.for_page({"base_url": "../.."}) == {'start("../..")'}
    page = env.get_template("base.html").render(base_url="..", title="<script>evil()</script>")
    allowed = scripts.for_page({"base_url": ".."})
    assert _directives(policy(page, allowed=allowed))["script-src"][2:] == [
        _directives(policy('<script>start("..")</script>', allowed=['start("..")']))["script-src"][2]
    ]


def test_data_blocks_are_not_code():
    html = '<script id="__config" type="application/json">{"a": 1}</script>'
    assert _directives(policy(html))["script-src"] == ["'self'", "'wasm-unsafe-eval'"]


def test_a_style_the_page_holds_is_not_trusted_for_being_there():
    """Security round 3: a style attribute that came in with the data (Markdown's attribute list
    `{: style=… }` on a link) was allowed by its hash because the finished page held it."""
    plain = _directives(policy("<p>no styles</p>"))["style-src"]
    assert plain == ["'self'"]
    page = '<a href="x" style="position:fixed;width:100vw;height:100vh">login</a>'
    assert _directives(policy(page))["style-src"] == ["'self'"]
    assert "'unsafe-hashes'" not in policy(page, styles=["display:none"])


def test_style_attributes_a_template_writes_are_allowed_by_their_hash():
    env = jinja2.Environment(
        loader=jinja2.DictLoader(
            {
                "listing.html": '<li style="list-style-type:none">{{ x }}</li>',
                "dynamic.html": '<p style="color:{{ colour }}">y</p>',  # not literal: never trusted
            }
        )
    )
    styles = TemplateScripts(env).styles
    assert styles == {"list-style-type:none"}
    page = env.get_template("listing.html").render(x=1) + '<p style="color:red">y</p>'
    style_src = _directives(policy(page, styles=styles))["style-src"]
    # RFC 4648 base64 of the SHA-256 of the attribute's value, as CSP Level 3 hashes it.
    digest = base64.b64encode(hashlib.sha256(b"list-style-type:none").digest()).decode()
    assert style_src == ["'self'", "'unsafe-hashes'", f"'sha256-{digest}'"]


def test_markup_in_text_is_not_mistaken_for_code():
    escaped = "<p>&lt;script&gt;alert(1)&lt;/script&gt; and style=&quot;x&quot;</p>"
    assert _directives(policy(escaped)) == {k: list(v) for k, v in BASE.items()}


def test_the_policy_follows_the_charset_and_keeps_the_page():
    page = '<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body></body></html>'
    out = protect(page)
    assert out.startswith(
        '<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy"'
    )
    assert out.replace(out[out.index("<meta http-equiv") : out.index("<title>")], "") == page
    assert protect("just text") == "just text"


def test_a_configured_runtime_host_is_allowed_where_the_runtime_needs_it():
    assert origin("https://cdn.example.org/pyodide/v314/full/") == ("https://cdn.example.org",)
    assert origin("../runtime/") == () and origin(None) == ()
    d = _directives(policy("<p></p>", origin("https://cdn.example.org/x/")))
    assert {k for k, v in d.items() if "https://cdn.example.org" in v} == {
        "script-src",
        "connect-src",
        "worker-src",
    }


def test_no_framing_restriction_and_no_eval_for_workers():
    assert "frame-ancestors" not in WORKER_POLICY  # the widget is meant to be embedded anywhere
    # blob: only for workers: Pyodide's core modules run from the bytes checked (worker.mjs)
    assert _directives(WORKER_POLICY)["script-src"] == ["'self'", "'wasm-unsafe-eval'", "blob:"]
    assert "blob:" not in _directives(policy("<p>x</p>"))["script-src"]
