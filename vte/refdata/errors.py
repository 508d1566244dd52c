"""Errors raised by the reference-data loaders."""

from __future__ import annotations


class RefDataError(ValueError):
    """A reference-data source is missing, unreadable or has an unexpected layout.

    The message is in French (shown to the operator running the import command) and names the
    technical detail: the file, the expected and the received columns, the failing URL...
    """
