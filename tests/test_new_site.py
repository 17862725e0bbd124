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
        "site_templates/example_profile.yaml",
        "policies/categories.yaml",
        "policies/facts.yaml",
        "policies/jurisdictions.yaml",
        "policies/schema/document.schema.json",
        "policies/sources/sources.yaml",
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
