"""Web addresses in the data: checked with a parser, and written as an encoded ``href``, never as Markdown.

A URL in a YAML file ends up in pages (Markdown that becomes HTML), the calendar, the feed and the
browser. Markdown reads ``[ ] ( ) { } < > ` \\`` as syntax, so an address holding them could become a
second link or an attribute list (``{: style=… }``). :func:`problem` refuses such an address outright
(scheme http or https, a host name, nothing but the characters an address needs); :func:`href` then
percent-encodes anything outside plain ASCII, so the attribute holds no character Markdown or HTML
could read as syntax. Templates write links with ``sitegen.escape.link``, never with link syntax.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit

SCHEMES = ("http", "https")
MAX_LENGTH = 2000
# A host name: labels of letters, digits and hyphens (an IDN is written in its xn-- form).
_HOST = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\Z"
)
# The ASCII an address needs (RFC 3986 unreserved and the delimiters it uses), without the quote and
# brackets that Markdown or HTML read as syntax: ' ( ) [ ] { } < > " ` \ | ^ and spaces.
SAFE_ASCII = (
    "-._~:/?#@!$&*+,;=%"
    + "".join(map(chr, range(48, 58)))
    + "".join(map(chr, range(65, 91)))
    + "".join(map(chr, range(97, 123)))
)
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# A pattern for the JSON Schema (editors see it); :func:`problem` is the check that counts.
PATTERN = r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#][^\s<>\"'`{}\[\]()|\\^]*)?$"


def problem(url: object) -> str | None:
    """What is wrong with ``url`` as a link in the data, or None when it is a plain http(s) address."""
    if not isinstance(url, str):
        return "write the address as text, e.g. https://www.example.gov.cn/notice.html"
    if len(url) > MAX_LENGTH:
        return f"the address is {len(url)} characters long; at most {MAX_LENGTH} are allowed"
    odd = sorted({c for c in url if _odd(c)})
    if odd:
        shown = ", ".join(f"U+{ord(c):04X}" if not c.isprintable() or c.isspace() else repr(c) for c in odd)
        return (
            f"the address holds {shown}: write it with percent-encoding (e.g. %20 for a space, %28 for "
            "'(') or link the page that holds it"
        )
    if _PERCENT.search(url):
        return "a '%' must be followed by two hexadecimal digits (percent-encoding such as %2F)"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return f"not a valid address ({exc})"
    if parts.scheme not in SCHEMES or not url.startswith(f"{parts.scheme}://"):
        return "the address must start with https:// or http://"
    host = parts.hostname or ""
    if not _HOST.match(host) or parts.username is not None or parts.password is not None:
        return "the address needs a host name such as www.example.gov.cn (no user name or password)"
    if port is not None and not 0 < port < 65536:
        return "the port must be a number from 1 to 65535"
    return None


def _odd(c: str) -> bool:
    """A character an address in the data may not hold as it is (it must be percent-encoded)."""
    if c.isascii():
        return c not in SAFE_ASCII
    return unicodedata.category(c)[0] in "CZ"  # controls, format (bidi), private use, spaces


def href(url: str) -> str:
    """``url`` as an attribute value: non-ASCII percent-encoded (UTF-8), so it is plain ASCII."""
    return quote(url, safe=SAFE_ASCII)
