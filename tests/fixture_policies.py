"""The policy data with the fictional Example City documents of ``fixtures/new_policy/`` added.

The model's shapes (shared caps, cross-level ceilings, validity without dates, vouchers, clauses
with no amount) are exercised on those documents, so the tests read a copy of ``policies/`` with
the fixture's files added exactly as a maintainer adds a policy.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import POLICIES

FIXTURE = Path(__file__).parent / "fixtures" / "new_policy"


def policies_with_fixture(target: Path) -> Path:
    """``policies/`` copied to ``target`` with the fixture's documents, sources and totals added."""
    shutil.copytree(POLICIES, target)
    for name in ("documents", "sources", "totals"):
        for path in (FIXTURE / name).glob("*.*"):
            shutil.copy(path, target / name / path.name)
    with (target / "sources" / "sources.yaml").open("a", encoding="utf-8") as manifest:
        manifest.write((FIXTURE / "sources.yaml").read_text(encoding="utf-8"))
    return target
