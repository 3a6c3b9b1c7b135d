"""Pass manager, rewrite driver and transformations (a later issue fills this in)."""
