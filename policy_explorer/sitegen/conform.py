"""Mend the two places where MkDocs Material 9.8 writes markup the HTML standard does not allow.

The Nu HTML Checker reports them on every page (vanilla Material sites too); they sit in Material's
``base.html`` and ``partials/nav-item.html``, outside any block a theme override could replace:

- ``autocomplete="off"`` on its drawer and search toggles: ``autocomplete`` is not allowed on
  checkboxes. (Material sets it so that Firefox does not restore an open drawer on "back"; the script
  that closes the drawer on navigation still does.)
- ``tabindex=""`` on the labels of navigation sections: an empty tabindex is not an integer; no
  attribute is what Material means (the label is not focusable).

The third one, a table-of-contents label pointing at a toggle that pages outside the navigation do not
have, is fixed in the template (``defaults/overrides/partials/toc.html``).
"""

from __future__ import annotations

import re

_CHECKBOX_AUTOCOMPLETE = re.compile(
    r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off"'
)
_EMPTY_TABINDEX = re.compile(r'(<label class="md-nav__link[^"]*"[^>]*?) tabindex=""')


def conform(html: str) -> str:
    """The page with Material's two invalid attributes removed (nothing else changes)."""
    return _EMPTY_TABINDEX.sub(r"\1", _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html))
