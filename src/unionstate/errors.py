"""The errors the CLI turns into one line on stderr, each with its exit code."""


class UnionstateError(Exception):
    """A problem with the user's input (file, parameter, configuration), reported in one line."""

    exit_code = 2


class PageFailed(UnionstateError):
    """One or more pages failed to execute (exit code 1, not a bad-input error)."""

    exit_code = 1
