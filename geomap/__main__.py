"""``python -m geomap``: the same as the ``geomap`` command."""

from geomap.cli import app

app(prog_name="geomap")
