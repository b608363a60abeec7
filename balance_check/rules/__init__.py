"""Standards files: finding, inheriting (`extends`), validating and comparing them."""
