"""A folder's links are not followed out of it (issue 12, item 8).

A link in a folder to /etc/passwd was read, stored and served. A link whose target
lies outside the folder given is now skipped with one line saying so, unless the user
asks for it with --follow-symlinks; a link within the folder is read as any file.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from warmonitor.ingest import read_input

REPORT = "Shelling killed {} people in the village of Tell Sukkar on Monday, residents said.\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """reports/ with a report, a link to another report in it, and a link out of it."""
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.txt").write_text(REPORT.format(9))
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "a.txt").write_text(REPORT.format(3))
    (reports / "b.txt").symlink_to(reports / "a.txt")
    (reports / "out.txt").symlink_to(outside / "secret.txt")
    return reports


def test_a_link_out_of_the_folder_is_skipped_in_one_line(folder: Path, capsys):
    texts = [d.text for d in read_input(str(folder))]
    assert texts == [REPORT.format(3).strip()] * 2  # a.txt and b.txt, its link within the folder
    secret = folder.parent / "private" / "secret.txt"
    assert capsys.readouterr().err == (
        f"warmonitor: {folder / 'out.txt'}: a link to {secret}, outside {folder}; skipped (--follow-symlinks reads it)\n"
    )


def test_follow_symlinks_reads_it(folder: Path):
    texts = [d.text for d in read_input(str(folder), follow_symlinks=True)]
    assert REPORT.format(9).strip() in texts


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_the_commands_that_read_inputs_take_follow_symlinks(folder: Path, command: str, tmp_path: Path):
    store = ["--db", str(tmp_path / "store.sqlite"), "--quiet"] if command == "ingest" else []
    done = subprocess.run(
        [sys.executable, "-m", "warmonitor", command, *store, "--follow-symlinks", str(folder)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "outside" not in done.stderr
