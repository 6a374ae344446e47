"""The one error type the CLI turns into a one-line message and exit code 2."""


class UnionstateError(Exception):
    """A problem with the user's input (file, parameter, configuration), reported in one line."""
