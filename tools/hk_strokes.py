"""Write policy_explorer/defaults/hk_strokes.tsv: the stroke count of each character the zh-Hant glossary
shows (its terms as OpenCC's s2hk writes them), for the order Hong Kong readers look terms up in.

Source: the Unicode Character Database's Unihan, field kTotalStrokes (Unihan_IRGSources.txt), as Debian's
package unicode-data ships it (apt-get install unicode-data; /usr/share/unicode/Unihan_IRGSources.txt.bz2).
Where kTotalStrokes gives two counts, the second is the one for Traditional Chinese (UAX #38: "the first
value is preferred for zh-Hans (G) and the second for zh-Hant (T)"), which is taken here.

Run after adding a glossary term with a character not in the table: python tools/hk_strokes.py
"""

from __future__ import annotations

import bz2
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policy_explorer.sitegen import hant  # noqa: E402
from policy_explorer.sitegen.glossary import STROKES, load_glossary  # noqa: E402

UNIHAN = Path("/usr/share/unicode/Unihan_IRGSources.txt.bz2")


def main() -> int:
    if not UNIHAN.is_file():
        print(f"error: {UNIHAN} is missing: apt-get install unicode-data", file=sys.stderr)
        return 2
    counts: dict[str, int] = {}
    with bz2.open(UNIHAN, "rt", encoding="utf-8") as f:
        for line in f:
            if "\tkTotalStrokes\t" in line:
                code, _, values = line.rstrip("\n").split("\t")
                counts[chr(int(code[2:], 16))] = int(values.split()[-1])
    terms = [hant.to_hant(e["zh"]) for e in load_glossary(ROOT / "policies" / "glossary.yaml")]
    chars = sorted({c for term in terms for c in term if c in counts})
    lines = [
        "# character\tkTotalStrokes (Unihan 15.0, the zh-Hant value): written by tools/hk_strokes.py",
        *(f"{c}\t{counts[c]}" for c in chars),
    ]
    STROKES.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{STROKES}: {len(chars)} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
