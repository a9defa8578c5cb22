"""The one error a user sees: a clear, one-line message and a non-zero exit, never a traceback."""


class PipelineError(Exception):
    """A problem with the input or the environment, explained in one line."""

    exit_status = 2
