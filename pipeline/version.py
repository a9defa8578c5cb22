"""The version of the pipeline, written into every manifest (pyproject.toml reads it from here)."""

__version__ = "0.2.0"
