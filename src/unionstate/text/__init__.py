"""Text: reading a document, segmenting it, the extractors, the theme coder and the engine that
runs them all; plain data out. Depends on nothing else of the package but the root utilities."""
