"""unionstate: a reproducible, thematic reading of commentaries on Russia–Belarus integration."""

__version__ = "0.1.0"
