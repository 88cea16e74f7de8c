"""``python -m placement.cli``: the ``placement`` command."""

from placement.cli.core import main

main()
