"""Every `warmonitor` command line in README.md and docs/*.md names a real subcommand with
options it takes, so the docs cannot drift from the CLI (after Datasette's docs tests).

The lines are parsed by the CLI itself (click's own parser, nothing is run): a renamed
option or subcommand fails here instead of in a reader's terminal.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
from typer.main import get_command

from warmonitor.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# A command inside a code block or inline code: up to a comment, pipe, redirect or the code's end.
_COMMAND = re.compile(r"(?:\.venv/bin/)?\bwarmonitor((?: [^#|>`\n&]*)?)")
_CODE = re.compile(r"```(?:sh|bash|console)?\n(.*?)```|`([^`\n]*warmonitor [^`\n]*)`", re.S)


def documented_commands() -> list[tuple[str, str]]:
    """(file, command line) of every warmonitor command written as code in the docs."""
    found = []
    for path in DOCS:
        for block in _CODE.finditer(path.read_text("utf-8")):
            code = block.group(1) or block.group(2)
            for line in code.splitlines():
                for match in _COMMAND.finditer(line):
                    arguments = match.group(1).strip()
                    if arguments and not arguments.startswith(("[", "<")) and "…" not in arguments:
                        found.append((path.name, arguments))
    return found


def parse(arguments: str) -> None:
    """Parse a command line down to its last subcommand, raising click's UsageError."""
    command: click.Command = get_command(app)
    words = shlex.split(arguments)
    context = command.make_context("warmonitor", list(words), resilient_parsing=False)
    while isinstance(command, click.Group):
        name, command, rest = command.resolve_command(context, context.protected_args + context.args)
        context = command.make_context(name, rest, parent=context)


def test_the_docs_hold_commands():
    assert len(documented_commands()) >= 20


@pytest.mark.parametrize("where, arguments", documented_commands())
def test_a_documented_command_parses(where, arguments):
    if "|" in arguments.split()[0]:  # "tally --by side|group|..." lists choices, not one line
        pytest.skip("a list of choices")
    try:
        parse(arguments)
    except click.UsageError as error:
        pytest.fail(f"{where}: warmonitor {arguments}: {error.format_message()}")
