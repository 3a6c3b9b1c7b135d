"""Tests of irc.ir: the data model, the builder, types and attributes."""
