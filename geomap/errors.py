"""Errors raised by geomap; the CLI maps each to an exit code and a one-line message.

Library code raises, never prints or exits. ``exit_code`` is 1 for a domain
failure (a name not found, a claim that cannot be measured) and 2 for bad usage
or bad input (a malformed file, an impossible geometry).
"""

from __future__ import annotations

from collections.abc import Callable


class GeomapError(Exception):
    """Base class of every error geomap raises on purpose."""

    exit_code: int = 1


class NotFoundError(GeomapError):
    """A name, reference or snapshot that the data does not hold."""

    def __init__(self, message: str, suggestions: tuple[str, ...] | Callable[[], tuple[str, ...]] = ()) -> None:
        super().__init__(message)
        self._suggestions = suggestions

    @property
    def suggestions(self) -> tuple[str, ...]:
        """Names close to the one asked for ("did you mean"); computed when first asked for (a fuzzy search
        over the gazetteer costs a fifth of a second, which a caller that only catches the error never pays)."""
        if callable(self._suggestions):
            self._suggestions = tuple(self._suggestions())
        return self._suggestions


class InputError(GeomapError):
    """Input the user gave (a file, an argument) is malformed; names the file and the fault."""

    exit_code = 2


class GeometryError(InputError):
    """A geometry is empty, self-intersecting or has its axes swapped."""


class DataError(GeomapError):
    """Bundled or cached data is missing or corrupt (reinstall, or delete the cache)."""
