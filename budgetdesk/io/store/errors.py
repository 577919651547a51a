"""The project file's error, apart from the project module so that naming it does not load SQLite."""

from __future__ import annotations


class ProjectError(Exception):
    """A project file that cannot be opened or saved; the message names the file."""
