"""Command-line tools: irc-opt."""
