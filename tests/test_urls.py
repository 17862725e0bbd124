"""Web addresses in the data: refused unless plain http(s), written encoded (policy_explorer.urls)."""

from __future__ import annotations

import pytest

from policy_explorer import urls

# The address of security round 3: valid under the old pattern `^https?://[^\s<>"]+$`, it became a
# second, full-window link with a Markdown attribute list once written as an autolink.
PHISHING = (
    "https://evil.example/[Official_portal](https://phish.example/login)"
    "{:style=position:fixed;top:0;left:0;width:100vw;height:100vh;z-index:99999}"
)


@pytest.mark.parametrize(
    "url",
    [
        "https://gxj.sz.gov.cn/xxgk/xxgkml/zcfgjzcjd/gygh/content/post_11906143.html",
        "https://qfzx.szft.gov.cn/public/information/detial/page?id=20241118889940020889616384",
        "http://www.example.gov.cn:8080/a/b?x=1&y=2#part",
        "https://www.example.gov.cn/附件1：申报指南.pdf",  # gov.cn attachments carry Chinese names
        "https://www.example.gov.cn/a%20b",
    ],
)
def test_plain_addresses_pass(url):
    assert urls.problem(url) is None


@pytest.mark.parametrize(
    ("url", "why"),
    [
        (PHISHING, "'('"),
        ("javascript:alert(1)", "'('"),
        ("javascript://example.gov.cn/%0Aalert%281%29", "https://"),
        ("https://example.gov.cn/{:onclick=x}", "'{'"),
        ("https://example.gov.cn/`code`", "'`'"),
        ("https://example.gov.cn/a\\b", "'\\\\'"),
        ('https://example.gov.cn/"onmouseover=x', "'\"'"),
        ("https://example.gov.cn/a b", "U+0020"),
        ("https://example.gov.cn/\n", "U+000A"),
        ("https://example.gov.cn/\u202etxt.exe", "U+202E"),
        ("https://example.gov.cn/\ue000", "U+E000"),
        ("https://example.gov.cn/%zz", "two hexadecimal digits"),
        ("ftp://example.gov.cn/x", "https://"),
        ("https:///x", "host name"),
        ("https://user:pw@example.gov.cn/", "user name"),
        ("https://exa_mple.gov.cn/", "host name"),
        ("https://example.gov.cn:99999/", "valid address"),
        ("https://example.gov.cn/" + "a" * 2000, "at most 2000"),
        (42, "as text"),
    ],
)
def test_anything_else_is_refused_with_a_reason(url, why):
    assert why in urls.problem(url)


def test_the_href_is_plain_ascii_with_nothing_markdown_reads():
    encoded = urls.href("https://www.example.gov.cn/附件1：指南.pdf?q=人工智能")
    assert encoded == (
        "https://www.example.gov.cn/%E9%99%84%E4%BB%B61%EF%BC%9A%E6%8C%87%E5%8D%97.pdf"
        "?q=%E4%BA%BA%E5%B7%A5%E6%99%BA%E8%83%BD"
    )
    assert encoded.isascii() and not set(encoded) & set("[](){}<>`\\\"' ")


def test_the_schema_pattern_refuses_what_the_parser_refuses():
    import re

    for url in (PHISHING, "javascript:alert(1)", "https://example.gov.cn/a b"):
        assert not re.search(urls.PATTERN, url)
