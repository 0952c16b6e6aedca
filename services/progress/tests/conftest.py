"""Fixtures shared by the progress tests (this directory is on sys.path for helpers)."""
