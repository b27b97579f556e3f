"""A generated corpus of aligned plan pairs with their truth, and its per-class scorer."""
