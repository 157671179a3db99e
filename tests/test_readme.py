"""The README's Python examples run as written (doctest), so the documented API stays true."""

from __future__ import annotations

import doctest

from conftest import ROOT


def test_readme_python_api_examples(gaz) -> None:
    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False,
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 10 and result.failed == 0
