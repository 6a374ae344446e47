"""Run: page parameters, Papermill execution with its up-to-date check, and sweeps. Depends on
every layer before it."""
