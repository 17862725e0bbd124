"""``python -m policy_explorer diff``: the Markdown on stdout, or one line on stderr and exit 2."""

from __future__ import annotations

from history_demo import DEMO, git_env, repo, write

from policy_explorer.history.command import diff

__all__ = ["git_env", "repo"]  # fixtures


def test_diff_command_against_the_working_tree(repo, capsys):
    root, _ = repo
    write(root, "demo-2024.yaml", DEMO)
    assert diff(root, "HEAD", lang="en") == 0
    out = capsys.readouterr().out
    assert out.startswith("## Policy data changes: HEAD → working tree\n")
    assert "rate 40% → 30%" in out and "| 2 | Removed | Model award |  |" in out
    assert diff(root, "HEAD~4", "HEAD~3") == 0
    assert capsys.readouterr().out.endswith("政策数据无变化。\n")


def test_bad_revision_is_one_line_and_exit_2(repo, capsys):
    root, _ = repo
    assert diff(root, "no-such-rev") == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: unknown git revision `no-such-rev`: ")
    assert captured.err.count("\n") == 1


def test_outside_a_git_checkout_is_one_line_and_exit_2(tmp_path, git_env, capsys):
    write(tmp_path, "demo-2024.yaml", DEMO)
    assert diff(tmp_path, "HEAD") == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {tmp_path} is not a git checkout") and err.count("\n") == 1


def test_without_git_is_one_line_and_exit_2(repo, monkeypatch, capsys):
    root, _ = repo
    monkeypatch.setenv("PATH", "")
    assert diff(root, "HEAD") == 2
    assert capsys.readouterr().err == "error: git is not installed (no `git` on PATH)\n"
