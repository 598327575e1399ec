"""National-scale benchmark: `make bench` (see run.py); data from generate.py."""
