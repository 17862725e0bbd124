"""Each clause's version, for the calculator's "new or changed since you kept this scenario" marks.

A reader may keep a scenario in their browser (calculator.mjs, "remember on this device"); the kept
entry holds these versions as they were. On a later visit the page compares them with its own, one
string to one string: a clause whose version differs changed, one the entry does not hold is new.
What makes a version is decided here, at build time, not in the script: the clause as compiled
(text, conditions, benefit, examples) and the fields of its document an estimate reads for it
(validity, jurisdiction, general rules, how to apply), so a clause whose document was extended or
ended counts as changed too.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

# A document's fields that change what the calculator says about each of its clauses.
DOCUMENT_FIELDS = ("jurisdiction", "validity", "general_rules", "application", "kind")


def clause_versions(data: dict[str, Any]) -> dict[str, str]:
    """``{"<policy>/<clause>": 10 hex digits}`` for every clause of the compiled data."""
    out: dict[str, str] = {}
    for policy in data["policies"]:
        shared = {key: policy.get(key) for key in DOCUMENT_FIELDS}
        for clause in policy["clauses"]:
            text = json.dumps(
                {"document": shared, "clause": clause},
                sort_keys=True,
                ensure_ascii=False,
                default=str,
            )
            out[f"{policy['id']}/{clause['id']}"] = hashlib.sha256(text.encode()).hexdigest()[:10]
    return out
