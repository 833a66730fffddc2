"""One module per output format; each turns model objects into a string."""
