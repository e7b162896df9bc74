"""``python -m juesuan.cli``: the command line."""

from juesuan.cli import main

main()
