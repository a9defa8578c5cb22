"""Synthetic roadmap editions for tests: varied layouts rendered with reportlab, with their exact
expected records and footnotes (see generator.py). `python -m tests.synth SEED OUTDIR` writes one."""
