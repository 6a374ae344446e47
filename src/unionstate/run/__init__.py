"""Run: page parameters, Papermill execution with its up-to-date check, and sweeps. Depends on
every layer before it."""

DEFAULT_TIMEOUT = 600
"""Seconds a page's cell may run before the page fails (``--timeout``)."""
