"""`python -m warmonitor` runs the CLI."""

from warmonitor.cli import main

main()
