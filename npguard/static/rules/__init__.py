"""NumPy's API, one module per family of functions; each is a mixin of the interpreter."""
