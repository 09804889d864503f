"""Quality benchmarks of BiGANInference, judged by edward_lite.criticisms.

`python -m benchmarks.quality.run` trains small-MLP BiGANs (Edward's
objective, and the same with ALICE's reconstruction term) on the toy
mixtures and on scikit-learn's 8x8 digits, writes
`benchmarks/quality/results.json`, the figures under
`docs/img/quality/`, and the tables of `docs/quality.md`.
"""

__all__ = []
