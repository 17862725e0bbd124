"""Shared fixtures: the repository paths and the compiled policy data (built once per run)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
POLICIES = ROOT / "policies"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def data() -> dict:
    from policy_explorer.compile import compile_policies

    return compile_policies(POLICIES)


@pytest.fixture(scope="session")
def model(data):
    from calculator import load_model

    return load_model(data)
