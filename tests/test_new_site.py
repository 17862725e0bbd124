"""``policy-explorer new DIR`` writes a site whose data validates, and never writes over a folder in use."""

from __future__ import annotations

from policy_explorer.check import validate
from policy_explorer.cli import main


def test_new_writes_a_site_whose_policies_validate(tmp_path, capsys):
    assert main(["new", str(tmp_path / "site")]) == 0
    site = tmp_path / "site"
    for path in (
        "mkdocs.yml",
        "mkdocs.en.yml",
        "requirements.txt",
        ".github/workflows/site.yml",
        ".gitignore",
        "content/zh/about.md",
        "content/en/about.md",
        "content/zh/embed.md",
        "content/en/embed.md",
        "content/zh/methodology.md",
        "content/en/methodology.md",
        "README.md",
        "site_templates/example_profile.yaml",
        "policies/categories.yaml",
        "policies/facts.yaml",
        "policies/jurisdictions.yaml",
        "policies/schema/document.schema.json",
        "policies/sources/sources.yaml",
        "policies/site.yaml",
        "policies/SITE_SETTINGS.md",
    ):
        assert (site / path).is_file(), path
    assert list((site / "policies" / "documents").glob("*.yaml"))
    assert validate(site / "policies") == []
    assert "ai-policy-explorer[site]" in (site / "requirements.txt").read_text(encoding="utf-8")


def test_new_refuses_a_folder_that_holds_anything(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["new", str(tmp_path)]) == 2
    assert (
        capsys.readouterr().err == f"error: {tmp_path} exists and is not an empty folder: give a new folder\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_the_next_command_quotes_the_folder(tmp_path, capsys):
    """A folder named `my site; touch x` is one word of the printed command, not a second command."""
    import shlex

    target = tmp_path / "my site; touch x"
    assert main(["new", str(target)]) == 0
    out = capsys.readouterr().out
    command = out.split("next: ", 1)[1].strip()
    assert shlex.split(command)[:3] == ["cd", str(target), "&&"]
    assert out.startswith(f"{shlex.quote(str(target))}:")


def test_a_folder_that_cannot_be_made_is_one_message_with_the_path_shown_safely(tmp_path, capsys):
    """A target under a file: one line naming the path, its escape character shown as `\\x1b`, not run."""
    (tmp_path / "afile").write_text("mine", encoding="utf-8")
    target = tmp_path / "afile" / "site\x1b[31m"
    assert main(["new", str(target)]) == 2
    err = capsys.readouterr().err
    assert err == f"error: cannot write {tmp_path}/afile/site\\x1b[31m: Not a directory\n"


def test_the_new_site_carries_the_package_s_guides(tmp_path):
    """The data format and the templates' context are where their author works, the same text as
    the package's (one source), and the README walks through the steps in order."""
    from policy_explorer.new_site import DOCS

    site = tmp_path / "site"
    assert main(["new", str(site)]) == 0
    for doc, where in (
        ("AUTHORING.md", "policies"),
        ("SITE_SETTINGS.md", "policies"),
        ("TEMPLATES.md", "site_templates"),
        ("PLUGIN.md", "."),
    ):
        assert (site / where / doc).read_bytes() == (DOCS / doc).read_bytes()
    readme = (site / "README.md").read_text(encoding="utf-8")
    steps = ["pip install -r requirements.txt", "policies/AUTHORING.md", "policy-explorer runtime"]
    steps.append("## 5. Embed")
    assert [readme.index(step) for step in steps] == sorted(readme.index(step) for step in steps)


def test_the_new_site_ignores_the_runtime_and_ci_installs_it(tmp_path):
    assert main(["new", str(tmp_path / "site")]) == 0
    ignored = (tmp_path / "site" / ".gitignore").read_text(encoding="utf-8").split()
    assert {"site/", "tools/node/node_modules/", ".cache/"} <= set(ignored)
    workflow = (tmp_path / "site" / ".github/workflows/site.yml").read_text(encoding="utf-8")
    assert "run: policy-explorer runtime" in workflow
    assert workflow.index("policy-explorer runtime") < workflow.index("mkdocs build")
