"""roadmap-pipeline: the ITU WSIS Action Line Roadmaps PDF as validated, diffable tables."""

__version__ = "0.1.0"
