"""Rendering a site's edition in tests, as `policy-explorer render` does (no MkDocs)."""

from __future__ import annotations


def render_edition(site, lang, out, on, policies_dir=None):
    """One edition of the site at ``site`` rendered without MkDocs (no runtime, no history)."""
    from policy_explorer.sitegen import Edition, RuntimeLink, SiteBuild, generate

    with SiteBuild(site, policies_dir) as build:
        edition = Edition.of(lang, build.templates(site / "site_templates"), runtime=RuntimeLink.none())
        return generate(build, edition, out, on=on, use_history=False)
