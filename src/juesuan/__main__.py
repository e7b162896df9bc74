"""``python -m juesuan``: the command line."""

from juesuan.cli import main

main()
