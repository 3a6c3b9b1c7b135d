"""Side-by-side timings of irc against numpy and its peers; run each as `python -m benchmarks.NAME`.

A regular package, so `benchmarks.*` resolves to this checkout even though xdsl installs a
top-level `benchmarks` package into site-packages.
"""
