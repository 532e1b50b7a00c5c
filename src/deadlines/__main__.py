"""`python -m deadlines` runs the command line."""

from deadlines.cli import main

main(prog_name="deadlines")
