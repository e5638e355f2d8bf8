"""Benchmarks: speed targets live here as printed tables, not as timed unit tests."""
