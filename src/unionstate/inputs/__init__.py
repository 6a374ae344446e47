"""Inputs: the document catalogue, the sourced reference data, the judgements, and the
evaluation of the engine against the hand-coded documents. Depends on ``text``."""
