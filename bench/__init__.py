"""The benchmark: `bench/run.py` (see bench/README.md) and its plan generator `bench/generate.py`."""
