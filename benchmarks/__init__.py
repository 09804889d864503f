"""Benchmarks of edward_lite: speed (`python -m benchmarks.run`) and quality.

They are not tests: they print tables and write JSON, and
docs/benchmarks.md shows the latest numbers with the machine they ran on.
tests/benchmarks runs the speed benchmark at tiny sizes so that it keeps
working.
"""

__all__ = []
