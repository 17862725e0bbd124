"""The calculator page's example profile (site_templates/example_profile.yaml): a mistake in it is one
message naming the site's own file, the line and the key, never a traceback or a temporary copy."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from render_helper import render_edition

from policy_explorer.new_site import SCAFFOLD
from policy_explorer.sitegen import RenderError


@pytest.fixture
def site(tmp_path):
    shutil.copytree(SCAFFOLD, tmp_path / "site")
    return tmp_path / "site"


def _render(site, tmp_path):
    render_edition(site, "en", tmp_path / "out", dt.date(2026, 6, 1))


def test_an_unknown_fact_names_the_file_the_line_and_the_key(site, tmp_path):
    profile = site / "site_templates" / "example_profile.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("compute_spend:", "compute_spnd:"), encoding="utf-8")
    line = text.splitlines().index("  compute_spend: 1000000") + 1
    with pytest.raises(RenderError) as err:
        _render(site, tmp_path)
    assert str(err.value) == (
        f"{profile}:{line}: facts.compute_spnd: unknown fact; "
        "known facts: compute_spend, models_filed, startup"
    )


def test_an_unknown_place_names_the_file_the_line_and_the_key(site, tmp_path):
    profile = site / "site_templates" / "example_profile.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("jurisdiction: example-city", "jurisdiction: exampl-city"), "utf-8")
    line = text.splitlines().index("jurisdiction: example-city") + 1
    with pytest.raises(
        RenderError, match=rf"^{profile}:{line}: jurisdiction: unknown `exampl-city`; use one of"
    ):
        _render(site, tmp_path)
