"""irc's test suite. A regular package, so `tests.*` imports resolve to this checkout even where
another distribution (xdsl) installs a top-level `tests` into site-packages."""
