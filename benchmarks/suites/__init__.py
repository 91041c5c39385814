"""Measurements and generators, one module per area; `benchmarks.run` imports every module here.

A module registers what it needs with the decorators of `benchmarks.harness` (`measurement`,
`baseline`) and `benchmarks.generate` (`generator`, `fixture_file`); nothing else has to change.
"""
