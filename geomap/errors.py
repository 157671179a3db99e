"""Errors raised by geomap; the CLI maps each to an exit code and a one-line message.

Library code raises, never prints or exits. ``exit_code`` is 1 for a domain
failure (a name not found, a claim that cannot be measured) and 2 for bad usage
or bad input (a malformed file, an impossible geometry).
"""

from __future__ import annotations


class GeomapError(Exception):
    """Base class of every error geomap raises on purpose."""

    exit_code: int = 1


class NotFoundError(GeomapError):
    """A name, reference or snapshot that the data does not hold."""

    def __init__(self, message: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.suggestions = suggestions


class InputError(GeomapError):
    """Input the user gave (a file, an argument) is malformed; names the file and the fault."""

    exit_code = 2


class GeometryError(InputError):
    """A geometry is empty, self-intersecting or has its axes swapped."""


class DataError(GeomapError):
    """Bundled or cached data is missing or corrupt (reinstall, or delete the cache)."""
