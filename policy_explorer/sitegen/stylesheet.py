"""The site's one stylesheet: the theme's CSS and the site's own ``site.css``, in one file.

Every page used to link three stylesheets before its first paint (Material's ``main`` and
``palette``, then ``site.css``). Lighthouse's mobile simulation puts the policy page's first paint at
1.46 s with three and 1.31 s with one (vanilla Material, one: 1.39 s), so the build joins them in
that order into ``assets/stylesheets/site-<hash>.css``, named by its content so that a reader's
cache never serves an old copy. The theme's templates link that file instead (``pe_stylesheet``).

One rule is re-keyed on the way. Material marks ``<body>`` with ``data-md-color-switching`` to stop
transitions while the colour scheme changes, but it also sets the mark on every page load, where its
rule (``[data-md-color-switching] *``) makes every element's style stale and its next
``getComputedStyle`` recalculate them all: about 75 ms of blocking time on a policy page under
Lighthouse's CPU throttling. The rule here is keyed to ``data-pe-switching``, which ``site.js`` sets
only while the reader switches schemes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

MATERIAL_MARK = "[data-md-color-switching]"
SITE_MARK = "[data-pe-switching]"
FOLDER = "assets/stylesheets"
_CHARSET = re.compile(r'@charset\s+"[^"]*";\s*')


class StylesheetError(Exception):
    """A stylesheet to join cannot be read (one message naming it)."""


def join(sheets: Sequence[tuple[str, str]]) -> str:
    """``(name, css)`` pairs as one stylesheet, each part headed by its name, transitions re-keyed.

    Only the first part may start with ``@charset``: browsers ignore it anywhere else.
    """
    parts = []
    for i, (name, css) in enumerate(sheets):
        css = css.replace(MATERIAL_MARK, SITE_MARK)
        if i:
            css = _CHARSET.sub("", css)
        parts.append(css if i == 0 and css.startswith("@charset") else f"/* {name} */\n{css}")
    return "\n".join(part.rstrip("\n") for part in parts) + "\n"


def bundle(theme_css: Sequence[Path], site_css: Path) -> tuple[str, str]:
    """The joined stylesheet's site path (``assets/stylesheets/site-<sha12>.css``) and its text."""
    sheets = []
    for path in [*theme_css, site_css]:
        try:
            sheets.append((path.name, path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            raise StylesheetError(f"{path}: cannot read this stylesheet ({exc})") from None
    text = join(sheets)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return f"{FOLDER}/site-{digest}.css", text


def material_css(theme_dirs: Sequence[str | Path], palette: bool) -> list[Path]:
    """Material's ``main`` stylesheet, and ``palette`` when the site has a palette, from ``theme_dirs``.

    Material's ``base.html`` links exactly these (by hashed name); the first theme folder holding
    each wins, as for any theme file.
    """
    wanted = ["main", "palette"] if palette else ["main"]
    found = []
    for stem in wanted:
        for folder in theme_dirs:
            hits = sorted((Path(folder) / FOLDER).glob(f"{stem}.*.min.css"))
            if hits:
                found.append(hits[0])
                break
        else:
            raise StylesheetError(
                f"no {FOLDER}/{stem}.*.min.css in the theme folders ({', '.join(map(str, theme_dirs))}):"
                " is the theme mkdocs-material?"
            )
    return found
