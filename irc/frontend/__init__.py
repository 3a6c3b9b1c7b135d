"""Text to IR (lexer, parser) and IR to text (printer)."""
