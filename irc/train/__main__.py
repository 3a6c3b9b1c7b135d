"""`python -m irc.train`: the training command (cli.py)."""

from irc.train.cli import console_main

console_main()
