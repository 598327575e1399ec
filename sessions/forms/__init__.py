"""Session forms, one module per area (shape only; services decide the rules)."""
