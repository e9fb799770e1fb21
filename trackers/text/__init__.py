"""Text utilities every stage shares — the normalised view, compact text, fast-start patterns — below both the
extraction pipeline and the promise types, so neither imports the other for them."""
