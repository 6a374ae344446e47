"""unionstate: a reproducible, thematic reading of commentaries on Russia–Belarus integration."""

from importlib.metadata import version

__version__ = version("unionstate")
"""The installed package's version: one home, ``pyproject.toml`` (``CITATION.cff`` is checked against it)."""
