"""The map: one folium page with incidents, claims and their references; offline, embeddable, as PNG.

Owns how things look and how the page is assembled: incidents as one clustered
GeoJSON layer styled by category and sized by casualties, claims as geodesic
lines from the subject to the nearest point of the reference coloured by
verdict, the references (borders, the front line with its uncertainty band), a
legend, a date filter, the offline Natural Earth basemap, attribution, and
byte-identical output for identical input.

Article text is untrusted, and so are titles, outlet names, URLs and the names in
user gazetteer or front-line files. None of it ever passes through Jinja (folium
renders its elements' output through a template a second time, so a string that
reached a template would be template source). Templates only see inert tokens
(``@@geomap:js:<element>:<field>@@``); :func:`to_html` puts the values in once
rendering is over, as HTML-safe JSON (``<``, ``>``, ``&``, ``'`` and the line
separators escaped) or as escaped HTML text. On screen, JavaScript shows them
with ``textContent``, never parsing them as HTML.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import folium
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.map import Layer
from folium.template import Template

from geomap.errors import DataError
from geomap.geodesy import geodesic_path

if TYPE_CHECKING:
    from geomap.incidents import Incident
    from geomap.verify import Verdict

CATEGORY_COLORS = {
    "drone strike": "#d7301f", "missile strike": "#b30000", "air strike": "#e34a33", "shelling": "#fc8d59",
    "strike": "#ef6548", "explosion": "#fdbb84", "interception": "#3182bd", "territory captured": "#6a51a3",
    "ground assault": "#9e9ac8", "civilian harm": "#000000", "infrastructure disruption": "#31a354",
    "earthquake": "#8c510a", "flood": "#2166ac", "storm": "#4393c3", "wildfire": "#f46d43", "landslide": "#a6761d",
    "volcanic eruption": "#67001f",
}
VERDICT_COLORS = {"supported": "#1a9850", "overstated": "#d73027", "understated": "#fc8d59",
                  "indeterminate": "#9e9e9e", "contradicted": "#7b3294", "unverifiable": "#bdbdbd"}
ATTRIBUTION = ('Places &copy; <a href="https://www.geonames.org/">GeoNames</a> '
               '(<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>); '
               'borders and basemap: <a href="https://www.naturalearthdata.com/">Natural Earth</a> (public domain)')
LEAFLET_JS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
LEAFLET_CSS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"
MARKERCLUSTER = ("https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js",
                 "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css",
                 "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css")
_TEXT_JS = r"""
function geomapText(tag, text, cls) { var e = document.createElement(tag); if (cls) e.className = cls;
  e.textContent = text == null ? '' : String(text); return e; }
function geomapLink(el, url) { if (!url || !/^https?:\/\//i.test(url)) return;
  var a = document.createElement('a'); a.href = url; a.textContent = 'article'; a.target = '_blank';
  a.rel = 'noopener noreferrer'; el.appendChild(a); }
function geomapRows(el, rows) { rows.forEach(function (r) { if (r[1] === null || r[1] === '' || r[1] === undefined)
  return; var d = document.createElement('div'); d.appendChild(geomapText('span', r[0] + ': ', 'k'));
  d.appendChild(document.createTextNode(String(r[1]))); el.appendChild(d); }); }
"""


_TOKEN = re.compile(r"@@geomap:(js|literal|str|html):([A-Za-z0-9_]+):([a-z_]+)@@")
_JS_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026", ord("'"): "\\u0027",
               0x2028: "\\u2028", 0x2029: "\\u2029"}


def js_literal(value: Any) -> str:
    """``value`` as a JavaScript literal safe inside a ``<script>`` element (HTML-safe JSON)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).translate(_JS_ESCAPES)


class _Sealed:
    """An element whose values reach the page only after Jinja has rendered it (see the module docstring).

    ``sealed`` maps a field to ``(kind, value)``: ``js`` a value to write as a JavaScript literal, ``literal``
    one already written by :func:`js_literal`, ``str`` the inside of a double-quoted JavaScript string,
    ``html`` escaped HTML text. Templates write ``this.token(field)``.
    """

    sealed: dict[str, tuple[str, Any]]

    def seal(self, field: str, value: Any, kind: str = "js") -> str:
        if "sealed" not in self.__dict__:
            self.sealed = {}
        self.sealed[field] = (kind, value)
        return self.token(field)

    def token(self, field: str) -> str:
        return f"@@geomap:{self.sealed[field][0]}:{self.get_name()}:{field}@@"  # type: ignore[attr-defined]


def _unseal(kind: str, value: Any) -> str:
    if kind == "js":
        return js_literal(value)
    if kind == "literal":  # already a JavaScript literal (serialized once, where its size mattered)
        return str(value)
    if kind == "str":
        return js_literal(str(value))[1:-1]
    return html.escape(str(value), quote=True)


class _DataLayer(_Sealed, Layer):
    """A toggleable layer whose features come from embedded GeoJSON and are drawn by a JS template.

    Its name (shown in the layer control) and its data are sealed: they never pass through Jinja.
    """

    def __init__(self, name: str, data: dict[str, Any], *, show: bool = True, **options: Any) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = type(self).__name__
        self.layer_name = self.seal("name", name, "str")
        self.seal("data", data)
        self.seal("options", options)


class IncidentLayer(JSCSSMixin, _DataLayer):
    """Incidents: circle markers by category, sized by casualties, clustered, with a date filter.

    The data is columnar (see :func:`incident_columns`): 100,000 incidents stay a few MB and
    load in seconds, where one GeoJSON feature (or one folium Marker) per incident does not.
    Columns over :data:`COMPRESS_OVER` bytes of JSON go into the page gzip-compressed (base64),
    unpacked by the browser's ``DecompressionStream``: every popup keeps all of its content.
    """

    def __init__(self, name: str, data: dict[str, Any], **kw: Any) -> None:
        super().__init__(name, data, **kw)
        text = js_literal(data)
        if len(text) > COMPRESS_OVER:
            import base64
            import gzip

            packed = gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)  # mtime 0: same bytes each run
            self.seal("data", base64.b64encode(packed).decode("ascii"))
        else:
            self.seal("data", text, "literal")

    default_js: ClassVar[list[tuple[str, str]]] = [("markerclusterjs", MARKERCLUSTER[0])]
    default_css: ClassVar[list[tuple[str, str]]] = [("markerclustercss", MARKERCLUSTER[1]),
                                                    ("markerclusterdefaultcss", MARKERCLUSTER[2])]
    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
  var colors = {{ this.token('options') }}.colors;
  var PREC = ['', 'the place itself', 'near the place', 'region or country only'];
  var COUNTS = ['drones', 'intercepted', 'killed', 'injured'];
  var cluster = L.markerClusterGroup({chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 45});
  var map = {{ this._parent.get_name() }};
  var raw = {{ this.token('data') }};
  if (typeof raw === 'string') {  // a large map's columns, gzip-compressed and base64-encoded
    fetch('data:application/gzip;base64,' + raw)  // the browser decodes base64 natively (no network)
      .then(function (r) { return new Response(r.body.pipeThrough(new DecompressionStream('gzip'))).text(); })
      .then(function (t) { build(JSON.parse(t)); });
  } else {
    build(raw);
  }
  window.geomapIncidents = cluster;
  return cluster;

  function build(D) {
  function where(i) { return D.places[D.p[i]]; }
  function counts(i) { var n = D.n[i]; if (!n) return ''; var out = [];
    for (var k = 0; k < 4; k++) { if (n[k] !== null) out.push(COUNTS[k] + ' ' + n[k]); } return out.join('; '); }
  function summary(i) { var s = D.cats[D.c[i]] + ' at ' + where(i) + (D.dates[D.d[i]] ? ' on ' + D.dates[D.d[i]] : '');
    var c = counts(i); return c ? s + ' (' + c + ')' : s; }
  function popup(layer) { var i = layer._geomap;
    var el = geomapText('div', null, 'geomap-popup');
    el.appendChild(geomapText('div', D.cats[D.c[i]] + ' \u2014 ' + where(i), 'title'));
    geomapRows(el, [['when', (D.dates[D.d[i]] || 'date unknown') + ' (' + D.precs[D.dp[i]] + ')'],
                    ['counts', counts(i)], ['location', PREC[D.g[i]]], ['actors', D.texts[D.a[i]]],
                    ['notes', D.texts[D.notes[i]]], ['merged', D.texts[D.m[i]]]]);
    var src = D.s[i];
    el.appendChild(geomapText('div', 'Sources (' + src.length + ')', 'k'));
    var ul = document.createElement('ul');
    src.forEach(function (s) { var li = document.createElement('li'); var meta = D.smeta[s[0]];
      li.appendChild(geomapText('b', D.sources[s[0]]));
      if (meta[1]) li.appendChild(document.createTextNode(' \u2014 ' + meta[1]));
      if (meta[2]) li.appendChild(document.createTextNode(', ' + meta[2]));
      li.appendChild(document.createTextNode(': \u201c' + s[1] + '\u201d '));
      geomapLink(li, meta[0]);
      ul.appendChild(li); });
    el.appendChild(ul);
    return el; }
  function tooltip(layer) { return geomapText('span', summary(layer._geomap)); }
  var markers = [];
  for (var i = 0; i < D.lat.length; i++) {
    var m = L.circleMarker([D.lat[i], D.lon[i]], {radius: D.r[i], color: '#222', weight: 1,
                                                 fillColor: colors[D.cats[D.c[i]]] || '#777', fillOpacity: 0.85});
    m._geomap = i;
    markers.push([D.dates[D.d[i]] || '', m]);
  }
  // one by one while the group is off the map: O(1) each (addLayers() there scans the group for every
  // marker, O(n^2) in leaflet.markercluster 1.1.0, and on the map it works in chunks with pauses); the
  // group clusters them all at once when it goes (back) on the map
  var shownOn = cluster._map;
  if (shownOn) shownOn.removeLayer(cluster);
  markers.forEach(function (x) { cluster.addLayer(x[1]); });
  if (shownOn) cluster.addTo(shownOn);
  // popups and tooltips are made when asked for, from the columns: nothing per marker up front
  cluster.on('click', function (e) { var l = e.layer; if (l._geomap === undefined) return;
    L.popup({maxWidth: 380}).setLatLng(l.getLatLng()).setContent(popup(l)).openOn(map); });
  cluster.on('mouseover', function (e) { var l = e.layer; if (l._geomap === undefined || l._geomapTip) return;
    l._geomapTip = true; l.bindTooltip(tooltip).openTooltip(); });
  var dates = D.dates.filter(function (d) { return d; }).sort();
  if (dates.length > 1) {
    var ctl = L.control({position: 'bottomleft'});
    ctl.onAdd = function () {
      var div = geomapText('div', null, 'geomap-box geomap-dates');
      div.appendChild(geomapText('div', 'Incidents up to', 'k'));
      var input = document.createElement('input'); input.type = 'range'; input.min = 0;
      input.max = dates.length - 1; input.value = dates.length - 1; input.step = 1;
      var label = geomapText('div', dates[dates.length - 1] + ' (all)');
      input.addEventListener('input', function () {
        var upto = dates[+input.value];
        label.textContent = upto + (+input.value === dates.length - 1 ? ' (all)' : '');
        cluster.clearLayers();
        cluster.addLayers(markers.filter(function (x) { return x[0] <= upto; }).map(function (x) { return x[1]; }));
      });
      div.appendChild(input); div.appendChild(label);
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    ctl.addTo(map);
  }
  window.geomapStats = window.geomapStats || {};
  window.geomapStats.incidents = markers.length;
  }
})();
{% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
{% endmacro %}
""")


class ClaimLayer(_DataLayer):
    """Claims: the measured geodesic from the subject to the nearest point of its reference, by verdict."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
  var data = {{ this.token('data') }};
  var map = {{ this._parent.get_name() }};
  var group = L.featureGroup();
  var labels = [];  // [tooltip, line coordinates, text] for the permanent labels
  L.geoJSON(data, {
    style: function (f) { if (f.properties.estimate) return {color: f.properties.color, weight: 2, opacity: 0.9,
                                                              fillOpacity: 0.15, dashArray: '2 4'};
                          return {color: f.properties.color, weight: 3 + Math.min(3, f.properties.count - 1),
                                  opacity: 0.9, dashArray: f.properties.verdict === 'supported' ? null : '6 4'}; },
    pointToLayer: function (f, ll) { return L.circleMarker(ll, {radius: 4, color: f.properties.color,
                                                                 fillOpacity: 1}); },
    onEachFeature: function (f, layer) { var p = f.properties;
      layer.bindTooltip(function () { return geomapText('span', p.label); }, {sticky: true});
      layer.bindPopup(function () { var el = geomapText('div', null, 'geomap-popup');
        if (p.estimate) el.appendChild(geomapText('div', p.label, 'title'));
        else if (p.count > 1) el.appendChild(geomapText('div', p.count + ' claims measured along this line', 'title'));
        p.claims.forEach(function (q) {
          el.appendChild(geomapText('div', q.label, 'title'));
          geomapRows(el, [['claim', q.quote], ['article', q.article], ['reference', q.reference],
                          ['measured to', q.nearest], ['note', q.note]]);
          geomapLink(el, q.url); });
        return el; }, {maxWidth: 380});
      group.addLayer(layer);
      if (f.geometry.type === 'LineString') {
        var tip = L.tooltip({permanent: true, direction: 'center', className: 'geomap-claim-label',
                             interactive: false, opacity: 0.95});
        tip.setContent(geomapText('span', p.short));
        labels.push([tip, f.geometry.coordinates, p.short]);
      } }
  });
  // Permanent labels, placed where they do not cover one another: each takes the first spot along its
  // line (middle first) whose box misses the boxes already placed; redone after every zoom.
  function place() {
    var taken = [];
    labels.forEach(function (x) {
      var tip = x[0], coords = x[1], w = 6.2 * x[2].length + 12, h = 18, best = null;
      [0.5, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9].some(function (t) {
        var c = coords[Math.round(t * (coords.length - 1))], ll = L.latLng(c[1], c[0]);
        var pt = map.latLngToContainerPoint(ll);
        var box = [pt.x - w / 2, pt.y - h / 2, pt.x + w / 2, pt.y + h / 2];
        var free = taken.every(function (b) {
          return box[2] < b[0] || box[0] > b[2] || box[3] < b[1] || box[1] > b[3]; });
        if (best === null || free) best = [ll, box];
        return free; });
      taken.push(best[1]);
      tip.setLatLng(best[0]);
      if (!map.hasLayer(tip) && map.hasLayer(group)) tip.addTo(map);
    });
  }
  map.whenReady(place);
  map.on('zoomend', place);
  group.on('add', place);
  group.on('remove', function () { labels.forEach(function (x) { map.removeLayer(x[0]); }); });
  window.geomapStats = window.geomapStats || {};
  window.geomapStats.claims = data.features.filter(function (f) {
    return f.geometry.type === 'LineString'; }).reduce(function (n, f) { return n + f.properties.count; }, 0);
  window.geomapStats.claimLines = labels.length;
  return group;
})();
{% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
{% endmacro %}
""")


class ReferenceLayer(_DataLayer):
    """A border, a front line or its uncertainty band: static lines and polygons with a tooltip."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }}_options = {{ this.token('options') }};
var {{ this.get_name() }} = L.geoJSON({{ this.token('data') }}, {
  style: function () { return {{ this.get_name() }}_options.style; },
  interactive: {{ this.get_name() }}_options.interactive,
  renderer: {{ this.get_name() }}_options.canvas ? L.canvas({padding: 0.3}) : undefined,
  onEachFeature: function (f, layer) { if (f.properties && f.properties.label) {
    layer.bindTooltip(function () { return geomapText('span', f.properties.label); }, {sticky: true}); } }
});
{% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
{% endmacro %}
""")


COMPRESS_OVER = 2_000_000
"""Incident columns larger than this (bytes of JSON) are stored gzip-compressed in the page."""


class LabelLayer(_DataLayer):
    """Place names from the gazetteer, by zoom (capitals and big cities first, smaller places as one zooms
    in), drawn only where they fit; and a search box over the same places. Names are set as text."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
  var P = {{ this.token('data') }};
  var map = {{ this._parent.get_name() }};
  if (!map.getPane('geomapLabels')) { var pane = map.createPane('geomapLabels'); pane.style.zIndex = 450;
    pane.style.pointerEvents = 'none'; }
  var group = L.layerGroup();
  var shown = [];
  function draw() {
    shown.forEach(function (m) { group.removeLayer(m); }); shown = [];
    if (!map.hasLayer(group)) return;
    var z = map.getZoom(), view = map.getBounds().pad(0.1), taken = [];
    for (var i = 0; i < P.name.length && shown.length < 250; i++) {  // most populous first
      if (P.z[i] > z || (P.k[i] === 1 && z > 6) || !view.contains([P.lat[i], P.lon[i]])) continue;
      var pt = map.latLngToContainerPoint([P.lat[i], P.lon[i]]);
      var w = 6.5 * P.name[i].length + 8, box = [pt.x - w / 2, pt.y - 16, pt.x + w / 2, pt.y + 2];
      if (taken.some(function (b) { return !(box[2] < b[0] || box[0] > b[2] || box[3] < b[1] || box[1] > b[3]); }))
        continue;
      taken.push(box);
      var cls = 'geomap-place' + (P.k[i] === 1 ? ' geomap-country' : (P.z[i] <= 5 ? ' geomap-big' : ''));
      var m = L.marker([P.lat[i], P.lon[i]], {pane: 'geomapLabels', interactive: false, keyboard: false,
        icon: L.divIcon({className: cls, html: geomapText('span', P.name[i]), iconSize: null})});
      group.addLayer(m); shown.push(m);
    }
    window.geomapStats = window.geomapStats || {}; window.geomapStats.labels = shown.length;
  }
  map.on('moveend zoomend', draw);
  group.on('add', function () { setTimeout(draw, 0); });  // after the page's other layers: incidents first
  // search over the same places
  function norm(t) { return t.normalize('NFD').replace(/[\\u0300-\\u036f]/g, '').toLowerCase(); }
  var keys = P.name.map(norm);
  var search = L.control({position: 'topleft'});
  search.onAdd = function () {
    var box = geomapText('div', null, 'geomap-box geomap-search');
    var input = document.createElement('input'); input.type = 'search'; input.placeholder = 'Find a place';
    input.setAttribute('aria-label', 'Find a place on the map');
    var list = document.createElement('ul'); box.appendChild(input); box.appendChild(list);
    input.addEventListener('input', function () {
      list.textContent = '';
      var q = norm(input.value.trim()); if (q.length < 2) return;
      var hits = [], i;
      for (i = 0; i < keys.length && hits.length < 8; i++) if (keys[i].indexOf(q) === 0) hits.push(i);
      for (i = 0; i < keys.length && hits.length < 8; i++)
        if (keys[i].indexOf(q) > 0 && hits.indexOf(i) < 0) hits.push(i);
      hits.forEach(function (j) {
        var li = geomapText('li', P.name[j] + (P.cc[j] ? ', ' + P.cc[j] : ''));
        li.addEventListener('click', function () {
          map.setView([P.lat[j], P.lon[j]], Math.max(map.getZoom(), P.k[j] === 1 ? 5 : Math.max(P.z[j] + 1, 9)));
          L.popup().setLatLng([P.lat[j], P.lon[j]]).setContent(geomapText('b', P.name[j])).openOn(map);
          list.textContent = ''; });
        list.appendChild(li); });
    });
    L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box);
    return box;
  };
  search.addTo(map);
  return group;
})();
{% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
{% endmacro %}
""")


class TileLayer(_DataLayer):
    """A raster tile layer (OpenStreetMap with --online, or an analyst's own server with --tiles); its URL
    template and attribution are sealed like every user string."""

    def __init__(self, name: str, url: str, *, attribution: str) -> None:
        super().__init__(name, {"url": url}, attribution=attribution, maxZoom=18)
        self.overlay = False

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.tileLayer({{ this.token('data') }}.url, {{ this.token('options') }});
{% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
{% endmacro %}
""")


LABEL_ZOOMS = ((5_000_000, 3), (1_000_000, 4), (300_000, 5), (100_000, 6), (30_000, 7), (10_000, 8), (3_000, 9))
"""(population, zoom from which a place's name shows); smaller places from zoom 10."""


def label_columns(gazetteer: Any, bounds: list[list[float]] | None, *, pad_deg: float = 4.0,
                  max_places: int = 15_000) -> dict[str, list[Any]]:
    """Place names for the map: every country, every city of a million people or more, and the settlements
    of 1,000+ people within ``pad_deg`` of the data's bounds (the ``max_places`` most populous), most
    populous first; each with the zoom from which it shows (``z``) and ``k`` 1 for a country."""
    rows: dict[str, tuple[Any, ...]] = {}
    con = gazetteer._con
    sql = "SELECT source, name, lat, lon, country, population, kind FROM places WHERE "
    for r in con.execute(sql + "kind = 'country'"):
        rows[r[0]] = r
    for r in con.execute(sql + "kind = 'city' AND population >= 1000000"):
        rows[r[0]] = r
    if bounds:
        (s_, w_), (n_, e_) = bounds
        for r in con.execute(sql + "lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? AND kind IN ('city', 'town', "
                             "'village') AND population >= 1000 ORDER BY population DESC, source LIMIT ?",
                             (s_ - pad_deg, n_ + pad_deg, w_ - pad_deg, e_ + pad_deg, max_places)):
            rows[r[0]] = r
    ordered = sorted(rows.values(), key=lambda r: (r[6] != "country", -r[5], r[0]))
    cols: dict[str, list[Any]] = {"name": [], "lat": [], "lon": [], "z": [], "k": [], "cc": []}
    for _, name, lat, lon, cc, pop, kind in ordered:
        cols["name"].append(name)
        cols["lat"].append(round(lat, 4))
        cols["lon"].append(round(lon, 4))
        cols["z"].append(3 if kind == "country" else next((z for p, z in LABEL_ZOOMS if pop >= p), 10))
        cols["k"].append(1 if kind == "country" else 0)
        cols["cc"].append(cc)
    return cols


class _Zoom(MacroElement):
    """Zoom limits on the map itself: with no tile layer nothing else sets them, and clustering needs them."""

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.setMinZoom(2); {{ this._parent.get_name() }}.setMaxZoom(18);
{% endmacro %}
""")


class _Setup(_Sealed, MacroElement):
    """Helpers, the page's own styles, the page title, attribution and the legend (all sealed)."""

    _template = Template("""
{% macro header(this, kwargs) %}
<title>{{ this.token('title_html') }}</title>
<style>
.leaflet-container { background: #d4e6f1; font: 13px/1.35 system-ui, sans-serif; }
.geomap-box { background: rgba(255,255,255,.92); padding: 6px 9px; border-radius: 5px;
              box-shadow: 0 1px 4px rgba(0,0,0,.3); }
.geomap-legend .sw { display: inline-block; width: 11px; height: 11px; border-radius: 6px; margin-right: 5px;
                     border: 1px solid #333; vertical-align: -1px; }
.geomap-legend .ln { display: inline-block; width: 18px; height: 3px; margin-right: 5px; vertical-align: 3px; }
.geomap-legend h4 { margin: 4px 0 2px; font-size: 12px; }
.geomap-popup .title { font-weight: 600; margin-bottom: 4px; }
.geomap-popup .k { color: #555; font-style: italic; }
.geomap-popup ul { margin: 3px 0 0 16px; padding: 0; max-height: 180px; overflow: auto; }
.geomap-title { font-weight: 600; font-size: 14px; }
.geomap-legend summary { cursor: pointer; font-weight: 600; }
.geomap-claim-label { font-size: 11px; padding: 1px 5px; border-radius: 3px; box-shadow: none; white-space: nowrap;
                      border: 1px solid #777; background: rgba(255,255,255,.92); }
.geomap-claim-label:before { display: none; }
.geomap-place span { position: absolute; transform: translate(-50%, -100%); white-space: nowrap; font-size: 11px;
                     color: #333; text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff; }
.geomap-big span { font-weight: 600; font-size: 12px; }
.geomap-country span { font-size: 12px; letter-spacing: .08em; text-transform: uppercase; color: #666; }
.geomap-search input { width: 160px; border: 1px solid #bbb; border-radius: 3px; padding: 3px 5px; }
.geomap-search ul { list-style: none; margin: 2px 0 0; padding: 0; max-height: 220px; overflow: auto; }
.geomap-search li { padding: 2px 4px; cursor: pointer; }
.geomap-search li:hover { background: #e8eef5; }
.geomap-legend svg { vertical-align: 1px; margin-right: 5px; }
/* no black focus box around a clicked line or marker */
.leaflet-container path:focus, .leaflet-interactive:focus, .leaflet-marker-icon:focus { outline: none; }
/* the attribution wraps on the right instead of running over the scale bar */
.leaflet-control-attribution { max-width: 55vw; white-space: normal; line-height: 1.3; }
/* print and PNG: keep the legend, the scale and the attribution; leave out what only works on screen */
@media print { .leaflet-control-zoom, .leaflet-control-layers, .leaflet-control-measure, .geomap-dates,
  .leaflet-control-zoom-fullscreen, .fullscreen-icon, .geomap-search { display: none !important; } }
body.geomap-print .leaflet-control-zoom, body.geomap-print .leaflet-control-layers,
body.geomap-print .leaflet-control-measure, body.geomap-print .geomap-dates,
body.geomap-print .leaflet-control-zoom-fullscreen, body.geomap-print .fullscreen-icon,
body.geomap-print .geomap-search { display: none !important; }
</style>
<script>{{ this.helpers }}</script>
{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
  var S = {{ this.token('setup') }};
  var map = {{ this._parent.get_name() }};
  map.attributionControl.setPrefix(false);
  S.attributions.forEach(function (a) { map.attributionControl.addAttribution(a); });
  if (/(^|[#&])print($|&)/.test(location.hash)) document.body.classList.add('geomap-print');  // map.html#print
  var legend = L.control({position: 'bottomright'});
  legend.onAdd = function () { var div = L.DomUtil.create('details', 'geomap-box geomap-legend');
    div.innerHTML = '<summary>Legend</summary>' + S.legend;
    div.open = window.innerWidth >= 500 || document.body.classList.contains('geomap-print');  // small screens: folded
    L.DomEvent.disableClickPropagation(div); return div; };
  legend.addTo(map);
  var title = L.control({position: 'topright'});
  title.onAdd = function () { return geomapText('div', S.title, 'geomap-box geomap-title'); };
  title.addTo(map);
})();
{% endmacro %}
""")

    def __init__(self, title: str, legend_html: str, attributions: Sequence[str]) -> None:
        """``legend_html`` and ``attributions`` are HTML: build them from escaped text only."""
        super().__init__()
        self._name = "GeomapSetup"
        self.helpers = _TEXT_JS
        self.seal("title_html", title, "html")
        self.seal("setup", {"title": title, "legend": legend_html, "attributions": list(attributions)})


def _line_swatch(color: str, dash: str | None) -> str:
    """A legend swatch drawn as the map draws the line: same colour, same dashes."""
    pattern = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<svg width="22" height="8" aria-hidden="true"><line x1="0" y1="4" x2="22" y2="4" stroke="{color}" '
            f'stroke-width="3"{pattern}/></svg>')


def _legend(categories: Sequence[str], verdicts: Sequence[str],
            references: Sequence[tuple[str, str, str | None]], estimates: bool = False) -> str:
    """The legend's HTML, built from geomap's own fixed labels and escaped reference labels only."""
    parts = []
    if categories:
        parts.append("<h4>Incidents</h4>")
        parts += [f'<div><span class="sw" style="background:{CATEGORY_COLORS.get(c, "#777")}"></span>'
                  f"{html.escape(c)}</div>" for c in categories]
        parts.append("<div><i>size: killed + injured</i></div>")
    if verdicts:
        parts.append("<h4>Distance claims</h4>")
        parts += [f"<div>{_line_swatch(VERDICT_COLORS[v], None if v == 'supported' else CLAIM_DASH)}"
                  f"{html.escape(v)}</div>" for v in verdicts]
    if estimates:
        parts.append(f"<div>{_line_swatch('#6a3d9a', '2 4')}event placed by its claims (± uncertainty; red: "
                     "they disagree)</div>")
    if references:
        parts.append("<h4>References</h4>")
        parts += [f"<div>{_line_swatch(color, dash)}{html.escape(label)}</div>" for label, color, dash in references]
    return "".join(parts)


CLAIM_DASH = "6 4"
FRONT_DASH = "8 5"


# --------------------------------------------------------------------------- data for the layers


class _Table:
    """A string table: each distinct string stored once, referred to by index."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self._index: dict[str, int] = {}

    def __call__(self, value: str | None) -> int:
        key = value or ""
        if key not in self._index:
            self._index[key] = len(self.items)
            self.items.append(key)
        return self._index[key]


def incident_columns(incidents: Sequence[Incident], quote_chars: int = 300) -> dict[str, Any]:
    """Incidents as the columnar data the map's JS reads: arrays of numbers and indexes into string tables,
    in the order of :func:`geomap.incidents.incident_rows`."""
    ordered = sorted(incidents, key=lambda i: (i.event_date or "", i.country, i.place, i.category, i.place_source))
    cats, places, dates, precs, texts, sources = _Table(), _Table(), _Table(), _Table(), _Table(), _Table()
    smeta: list[list[str]] = []  # per source: [url, title, published]
    cols: dict[str, list[Any]] = {k: [] for k in ("lat", "lon", "r", "c", "p", "d", "dp", "g", "n", "a", "notes",
                                                  "m", "s")}
    for inc in ordered:
        values = [inc.count(k) for k in ("drones", "intercepted", "fatalities", "injured")]
        numbers = [v for v, _ in values]
        harm = sum(v or 0 for v in numbers[2:])
        where = ", ".join(x for x in (inc.place, inc.admin1 if inc.admin1 != inc.place else "", inc.country) if x)
        quotes: dict[int, str] = {}
        for r in inc.reports:
            label = f"{r.outlet} ({r.article_id})" if r.outlet else r.article_id
            k = sources(label)
            if k == len(smeta):
                smeta.append([web_url(r.url), r.title, r.published or ""])
            quotes.setdefault(k, r.sentence[:quote_chars])
        cols["lat"].append(round(inc.lat, 5))
        cols["lon"].append(round(inc.lon, 5))
        cols["r"].append(round(6 + min(14.0, 3 * harm ** 0.5), 1))
        cols["c"].append(cats(inc.category))
        cols["p"].append(places(where))
        cols["d"].append(dates(inc.event_date))
        cols["dp"].append(precs(inc.date_precision))
        cols["g"].append(inc.geo_precision)
        cols["n"].append(numbers if any(v is not None for v in numbers) else 0)
        cols["a"].append(texts(" / ".join(x for x in (inc.actor1, inc.actor2) if x)))
        cols["notes"].append(texts("; ".join(n for _, n in values if n)))
        cols["m"].append(texts(inc.merge_note))
        cols["s"].append([[k, v] for k, v in quotes.items()])
    return {**cols, "cats": cats.items, "places": places.items, "dates": dates.items, "precs": precs.items,
            "texts": texts.items, "sources": sources.items, "smeta": smeta}


def web_url(url: str) -> str:
    """``url`` when it is an http(s) address a popup may link to, else "" (no ``javascript:``, no control
    characters)."""
    url = (url or "").strip()
    ok = url.lower().startswith(("http://", "https://")) and not any(ord(ch) < 32 for ch in url)
    return url if ok else ""


_QUALIFIER_SIGN = {"more than": ">", "over": ">", "at least": "≥", "just over": ">", "less than": "<", "under": "<",
                   "within": "≤", "up to": "≤", "just under": "<"}
_SEVERITY = ("contradicted", "overstated", "understated", "indeterminate", "supported", "unverifiable")


def claim_features(verdicts: Sequence[Verdict]) -> dict[str, Any]:
    """Measured distance claims as geodesic LineStrings (densified to 20 km) plus their subject points.

    Claims measured along the same line (same subject and nearest point, to 10 m) are one feature whose
    ``claims`` lists each of them: lines that would hide each other are drawn once, with a count. The
    feature's ``verdict`` is the one most of its claims got (the more severe on a tie); ``short`` is
    the permanent label.
    """
    groups: dict[tuple[float, float, float, float], list[Verdict]] = {}
    for v in sorted(verdicts, key=lambda v: v.claim.claim_id):
        c = v.claim
        start = subject_point(v)
        if c.claim_kind != "distance" or v.measured_km is None or start is None or v.nearest_lat is None:
            continue
        key = (round(start[0], 4), round(start[1], 4), round(v.nearest_lat, 4), round(v.nearest_lon, 4))
        groups.setdefault(key, []).append(v)
    feats = []
    ordered = sorted(groups.values(), key=lambda g: (_group_verdict(g) != "supported", g[0].claim.claim_id))
    for group in ordered:  # supported first, so that the lines that fail are drawn on top of them
        first = group[0]
        c = first.claim
        verdict = _group_verdict(group)
        claims = [_claim_props(v) for v in group]
        n = len(group)
        short = (f"{c.subject}: {claims[0]['claimed']} · measured {first.measured_km:,.0f} km · {first.verdict}"
                 if n == 1 else f"{c.subject}: {n} claims · measured {first.measured_km:,.0f} km · "
                 + " / ".join(sorted({v.verdict for v in group}, key=_severity)))
        props = {"label": "; ".join(p["label"] for p in claims), "short": short, "count": n, "verdict": verdict,
                 "color": VERDICT_COLORS.get(verdict, "#777"), "claims": claims}
        lat0, lon0 = subject_point(first)  # type: ignore[misc]
        path = geodesic_path(lat0, lon0, first.nearest_lat, first.nearest_lon, step_km=20)
        feats.append({"type": "Feature", "properties": props,
                      "geometry": {"type": "LineString", "coordinates": [[round(lon, 5), round(lat, 5)]
                                                                         for lat, lon in path]}})
        feats.append({"type": "Feature", "properties": props,
                      "geometry": {"type": "Point", "coordinates": [lon0, lat0]}})
    feats.extend(event_estimates(verdicts))
    return {"type": "FeatureCollection", "features": feats}


def subject_point(v: Verdict) -> tuple[float, float] | None:
    """Where a claim's line starts (lat, lon): its subject, or for an event the point its claims estimate."""
    c = v.claim
    if c.subject_lat is not None and c.subject_lon is not None:
        return c.subject_lat, c.subject_lon
    if v.estimate_lat is not None and v.estimate_lon is not None:
        return v.estimate_lat, v.estimate_lon
    return None


def event_estimates(verdicts: Sequence[Verdict]) -> list[dict[str, Any]]:
    """One feature per estimated event: a geodesic circle (64 vertices) of the estimate's uncertainty around
    the point the claims about it give, labelled with whether they agree."""
    import numpy as np
    from pyproj import Geod

    events: dict[str, list[Verdict]] = {}
    for v in sorted(verdicts, key=lambda v: v.claim.claim_id):
        if v.estimate_lat is not None and v.estimate_km is not None and v.claim.subject_source.startswith("event:"):
            events.setdefault(v.claim.subject_source, []).append(v)
    feats = []
    for group in events.values():
        first = group[0]
        az = np.linspace(0.0, 360.0, 65)
        lons, lats, _ = Geod(ellps="WGS84").fwd(np.full(65, first.estimate_lon), np.full(65, first.estimate_lat), az,
                                               np.full(65, max(first.estimate_km, 0.1) * 1000.0))
        failing = any(v.verdict in ("overstated", "understated") for v in group)
        label = (f"estimated {first.claim.subject}: ({first.estimate_lat:.4f}, {first.estimate_lon:.4f}) "
                 f"± {first.estimate_km:g} km")
        props = {"label": label, "short": label, "count": len(group), "verdict": "estimate",
                 "color": "#b2182b" if failing else "#6a3d9a", "estimate": True,
                 "claims": [_event_claim_props(v) for v in group]}
        ring = [[round(float(x), 5), round(float(y), 5)] for x, y in zip(lons, lats, strict=True)]
        feats.append({"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [ring]}})
        feats.append({"type": "Feature", "properties": props,
                      "geometry": {"type": "Point", "coordinates": [first.estimate_lon, first.estimate_lat]}})
    return feats


def _severity(verdict: str) -> int:
    return _SEVERITY.index(verdict) if verdict in _SEVERITY else len(_SEVERITY)


def _group_verdict(group: Sequence[Verdict]) -> str:
    from collections import Counter

    tally = Counter(v.verdict for v in group)
    return min(tally, key=lambda k: (-tally[k], _severity(k)))


def _event_claim_props(v: Verdict) -> dict[str, Any]:
    """What an event estimate's popup shows of one of its claims (measured or not), with the event's note."""
    note = f"{v.event_note}. {v.verdict_note}"
    if v.measured_km is not None:
        return {**_claim_props(v), "note": note}
    c = v.claim
    return {"label": f"{c.subject}: {v.verdict}", "quote": c.quote, "note": note, "url": None,
            "article": c.article_id, "reference": c.reference, "nearest": ""}


def _claim_props(v: Verdict) -> dict[str, Any]:
    """What a claim line's popup and tooltip show of one claim."""
    c = v.claim
    qual = _QUALIFIER_SIGN.get(c.qualifier, "~" if c.qualifier else "")
    second = f" ({c.second_value:,g} {c.second_unit})" if c.second_value is not None else ""
    claimed = f"claimed {qual}{c.claimed_value:,g} {c.claimed_unit}{second}"
    return {"label": f"{c.subject}: {claimed} / measured {v.measured_km:,.0f} km — {v.verdict}",
            "claimed": claimed, "verdict": v.verdict, "quote": c.quote, "url": web_url(c.article_url),
            "article": ", ".join(x for x in (c.article_outlet, c.article_title, c.article_date, c.article_id) if x),
            "reference": f"{v.reference_label}{', ' + v.reference_date_used if v.reference_date_used else ''}"
                         f" — {v.reference_source}",
            "nearest": f"{v.nearest_lat:.4f}, {v.nearest_lon:.4f}", "note": v.verdict_note}


def _geojson(geom: Any, props: dict[str, Any], tolerance_deg: float = 0.0, digits: int = 4) -> dict[str, Any]:
    import numpy as np
    import shapely

    if tolerance_deg:
        geom = shapely.simplify(geom, tolerance_deg, preserve_topology=True)
    geom = shapely.transform(geom, lambda xy: np.round(xy, digits))
    mapping = json.loads(shapely.to_geojson(geom))
    return {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": props,
                                                       "geometry": mapping}]}


def _band(line: Any, km: float) -> Any:
    """The area within ``km`` of a lon/lat line (buffered in an equal-area projection centred on it)."""
    import numpy as np
    import shapely
    from pyproj import Transformer

    c = line.centroid
    laea = f"+proj=laea +lat_0={c.y} +lon_0={c.x} +datum=WGS84 +units=m"
    fwd = Transformer.from_crs("EPSG:4326", laea, always_xy=True)
    back = Transformer.from_crs(laea, "EPSG:4326", always_xy=True)
    proj = shapely.transform(line, lambda xy: np.column_stack(fwd.transform(xy[:, 0], xy[:, 1])))
    buf = shapely.buffer(proj, km * 1000, quad_segs=4)
    return shapely.transform(buf, lambda xy: np.column_stack(back.transform(xy[:, 0], xy[:, 1])))


@lru_cache(maxsize=1)
def basemap() -> tuple[dict[str, Any], dict[str, Any]]:
    """Natural Earth 1:50m land and country borders, simplified to ~2 km for display."""
    import shapely

    from geomap import topojson
    from geomap.gazetteer import bundled_data_dir

    ne = bundled_data_dir() / "naturalearth"
    land_topo = json.loads((ne / "land-50m.json").read_text(encoding="utf-8"))
    land = shapely.GeometryCollection([f.geometry for f in topojson.features(land_topo, "land")])
    countries = json.loads((ne / "countries-50m.json").read_text(encoding="utf-8"))
    arcs = topojson.decode_arcs(countries)
    borders = shapely.MultiLineString([a for a in arcs if len(a) > 1])
    return _geojson(land, {}, 0.02, 2), _geojson(borders, {}, 0.02, 2)


# --------------------------------------------------------------------------- the map


class GeomapMap(folium.Map):
    """A folium Map whose page is assembled by :func:`to_html`: ``save`` and the notebook display
    inline the map's assets (they work offline) and put sealed values in place.

    Call :func:`to_html` or :meth:`save` rather than ``get_root().render()``, which leaves the
    sealed values out.
    """

    def save(self, outfile: Any, close_file: bool = True, **kwargs: Any) -> None:
        if isinstance(outfile, (str, Path)):
            save_map(self, outfile)
            return
        page = to_html(self)
        outfile.write(page.encode("utf-8") if "b" in getattr(outfile, "mode", "") else page)

    def _repr_html_(self, **kwargs: Any) -> str:
        """The self-contained page in an iframe, as Jupyter displays it (no CDN: works offline)."""
        return embed_snippet(to_html(self), height="520px")


def render_map(incidents: Any = (), verdicts: Any = (), *,
               title: str = "geomap", tiles: str | None = None, basemap_layer: bool = True,
               front_source: Any = None, tiles_attribution: str | None = None, labels: bool = True,
               gazetteer: Any = None) -> folium.Map:
    """The folium Map of incidents and checked claims (displays in Jupyter; save with :func:`save_map`).

    ``incidents``: incident records, an :class:`~geomap.api.Extraction`, or an incidents table (DataFrame
    with the incidents.csv columns). ``verdicts``: verdict records (``api.verify``) or a verified claims
    table (claims.csv as ``geomap verify`` writes it).
    """
    from geomap.references import reference

    incidents, verdicts = _records(incidents, verdicts)

    m = GeomapMap(location=[48.5, 37.0], zoom_start=5, tiles=None, control_scale=True, prefer_canvas=False)
    m.default_js = [("leaflet", LEAFLET_JS)]
    m.default_css = [("leaflet_css", LEAFLET_CSS)]
    m.add_child(_Zoom())
    bounds = _bounds(incidents, verdicts)
    if bounds:  # set before any layer, unanimated: a fitBounds animating while clusters formed threw an error
        m.fit_bounds(bounds, padding=(30, 30), max_zoom=9)
        fit = list(m._children.values())[-1]
        fit.options["animate"] = False
    attributions = [ATTRIBUTION]
    if basemap_layer:
        land, borders = basemap()
        # drawn on a canvas: a few thousand polygons as SVG paths cost the page's first draw a lot
        ReferenceLayer("Basemap: land (Natural Earth)", land, show=True, interactive=False, canvas=True,
                       style={"color": "#b9b39f", "weight": 0.4, "fillColor": "#f2efe6", "fillOpacity": 1},
                       ).add_to(m)
        ReferenceLayer("Basemap: country borders", borders, show=True, interactive=False, canvas=True,
                       style={"color": "#8a8a8a", "weight": 0.8, "opacity": 0.9}).add_to(m)
    if labels:
        from geomap.gazetteer import default_gazetteer

        LabelLayer("Place names (GeoNames)", label_columns(gazetteer or default_gazetteer(), bounds)).add_to(m)
    if tiles:  # "OpenStreetMap" (--online) or an analyst's own server: "https://tiles.example/{z}/{x}/{y}.png"
        attr = html.escape(tiles_attribution or ("" if tiles == "OpenStreetMap" else f"tiles: {tiles.split('/')[2]}"
                                                 if "://" in tiles else "tiles"))
        url = "https://tile.openstreetmap.org/{z}/{x}/{y}.png" if tiles == "OpenStreetMap" else tiles
        attr = attr or '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
        TileLayer("Tiles", url, attribution=attr).add_to(m)
    refs: list[tuple[str, str, str | None]] = []
    seen: set[tuple[str, str | None]] = set()
    for v in verdicts:
        c = v.claim
        if c.claim_kind != "distance" or v.measured_km is None or not c.reference or c.reference_kind == "place":
            continue
        key = (c.reference, v.reference_date_used)
        if key in seen:
            continue
        seen.add(key)
        ref = reference(c.reference, date=c.reference_date, front_source=front_source)
        label = f"{ref.label}{', ' + ref.date if ref.date and ref.date not in ref.label else ''} — {ref.source}"
        if ref.kind == "front":
            color = "#c51b7d"
            if ref.uncertainty_km:
                ReferenceLayer(f"{ref.label}: ±{ref.uncertainty_km:g} km band", _geojson(
                    _band(ref.geometry, ref.uncertainty_km), {"label": f"uncertainty ±{ref.uncertainty_km:g} km"},
                    0.01), interactive=False, style={"color": color, "weight": 0, "fillColor": color,
                                                     "fillOpacity": 0.12}).add_to(m)
            ReferenceLayer(ref.label, _geojson(ref.geometry, {"label": label}), interactive=True,
                           style={"color": color, "weight": 2.5, "dashArray": FRONT_DASH}).add_to(m)
            attributions.append(html.escape(f"front line {ref.date}: {ref.source.split(';')[0]}"))
        else:
            color = "#2166ac"
            ReferenceLayer(f"{ref.label} (drawn simplified to 1 km; measured on the full line)",
                           _geojson(ref.geometry, {"label": label}, 0.01), interactive=True,
                           style={"color": color, "weight": 2, "opacity": 0.8}).add_to(m)
        refs.append((ref.label, color, FRONT_DASH if ref.kind == "front" else None))
    if verdicts:
        ClaimLayer("Distance claims (measured geodesics)", claim_features(verdicts)).add_to(m)
    categories: list[str] = []
    if incidents:
        categories = sorted({i.category for i in incidents}, key=list(CATEGORY_COLORS).index)
        IncidentLayer(f"Incidents ({len(incidents):,})", incident_columns(incidents), colors=CATEGORY_COLORS,
                      ).add_to(m)
    shown = sorted({v.verdict for v in verdicts if v.claim.claim_kind == "distance" and v.measured_km is not None},
                   key=list(VERDICT_COLORS).index)
    estimates = any(v.estimate_lat is not None for v in verdicts)
    m.add_child(_Setup(title, _legend(categories, shown, refs, estimates), attributions))
    from folium.plugins import Fullscreen, MeasureControl

    Fullscreen(position="topleft").add_to(m)
    MeasureControl(position="topleft", primary_length_unit="kilometers", secondary_length_unit="miles",
                   primary_area_unit="sqkilometers").add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m


def _records(incidents: Any, verdicts: Any) -> tuple[Sequence[Incident], Sequence[Verdict]]:
    """What :func:`render_map` accepts, as records."""
    if hasattr(incidents, "incident_records"):
        incidents = incidents.incident_records
    elif hasattr(incidents, "to_dict") and hasattr(incidents, "columns"):
        from geomap.incidents import incidents_from_table

        incidents = incidents_from_table(incidents)
    if hasattr(verdicts, "to_dict") and hasattr(verdicts, "columns"):
        from geomap.verify import verdicts_from_table

        verdicts = verdicts_from_table(verdicts)
    return tuple(incidents), tuple(verdicts)


def _bounds(incidents: Sequence[Incident], verdicts: Sequence[Verdict]) -> list[list[float]] | None:
    pts = [(i.lat, i.lon) for i in incidents]
    for v in verdicts:
        if v.claim.subject_lat is not None and v.measured_km is not None:
            pts.append((v.claim.subject_lat, v.claim.subject_lon))
            pts.append((v.nearest_lat, v.nearest_lon))
    if not pts:
        return None
    lats, lons = [p[0] for p in pts], [p[1] for p in pts]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


_RANDOM_ID = re.compile(r"\b([a-z][a-z_]*?)_([0-9a-f]{32})(?![0-9a-f])")


def to_html(m: folium.Map, *, offline: bool = True) -> str:
    """The page as one string; offline (the default) inlines every script and stylesheet.

    folium names elements with random ids; they are renumbered in order of first use so
    that the same input gives byte-identical output.
    """
    page = m.get_root().render()
    ids: dict[str, str] = {}

    def renumber(match: re.Match[str]) -> str:
        key = match.group(0)
        if key not in ids:
            ids[key] = f"{match.group(1)}_{len(ids) + 1:04d}"
        return ids[key]

    page = _RANDOM_ID.sub(renumber, page)
    if offline:
        from geomap.assets import inline

        page = inline(page)
    values: dict[tuple[str, str], tuple[str, Any]] = {}
    for el in _walk(m.get_root()):
        if isinstance(el, _Sealed) and "sealed" in el.__dict__:
            name = el.get_name()
            name = ids.get(name, name)
            for field, kv in el.sealed.items():
                values[(name, field)] = kv
    return _TOKEN.sub(lambda t: _unseal(*values[(t.group(2), t.group(3))]), page)


def _walk(el: Any) -> Any:
    yield el
    for child in getattr(el, "_children", {}).values():
        yield from _walk(child)


def save_map(m: folium.Map, path: str | Path, *, offline: bool = True) -> Path:
    """Write the map as one HTML file (atomically)."""
    from geomap.io import write_atomic

    return write_atomic(path, to_html(m, offline=offline))


def embed_snippet(page: str, *, height: str = "600px", title: str = "geomap map") -> str:
    """An ``<iframe srcdoc>`` that drops the whole map into any page without touching its CSS or scripts;
    ``height`` is a CSS length ("600px", "70vh"). The fullscreen button works inside it."""
    if not re.fullmatch(r"\d+(?:\.\d+)?(?:px|vh|em|rem|%)", height):
        raise ValueError(f"embed height {height!r}: expected a CSS length such as 600px or 70vh")
    return (f'<iframe title="{html.escape(title, quote=True)}" style="width:100%;height:{height};border:0" '
            f'allow="fullscreen" sandbox="allow-scripts allow-popups" '
            f'srcdoc="{_ascii(html.escape(page, quote=True))}"></iframe>\n')


def _ascii(text: str) -> str:
    """Non-ASCII characters as HTML character references: the snippet reads the same in a host page of any
    encoding (a report saved as Windows-1252 would otherwise garble the map's names and scripts)."""
    return text.encode("ascii", "xmlcharrefreplace").decode("ascii")


def find_chromium() -> str | None:
    """A headless-capable Chromium or Chrome on this machine (``$GEOMAP_CHROMIUM`` first)."""
    import os

    for name in (os.environ.get("GEOMAP_CHROMIUM"), "chromium", "chromium-browser", "google-chrome",
                 "google-chrome-stable"):
        if name and (found := shutil.which(name)):
            return found
    return None


def save_png(html_path: str | Path, png_path: str | Path, *, width: int = 1280, height: int = 800,
             wait_ms: int = 4000) -> Path:
    """Screenshot the map with headless Chromium (no network): a static image for PDFs and slides."""
    from geomap.io import write_atomic

    browser = find_chromium()
    if browser is None:
        raise DataError("no Chromium found for --png (install Debian's chromium, or set GEOMAP_CHROMIUM)")
    with tempfile.TemporaryDirectory() as tmp:
        shot = Path(tmp) / "shot.png"
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--hide-scrollbars", f"--user-data-dir={tmp}/profile", f"--window-size={width},{height}",
               f"--virtual-time-budget={wait_ms}", f"--screenshot={shot}",
               Path(html_path).resolve().as_uri() + "#print"]  # print mode: no on-screen controls
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if not shot.is_file():
            raise DataError(f"Chromium made no screenshot: {done.stderr.strip().splitlines()[-1:] or done.returncode}")
        return write_atomic(png_path, shot.read_bytes())


def write_map_files(m: folium.Map, out: str | Path, *, offline: bool = True, embed: bool = False,
                    png: bool = False, embed_height: str = "600px") -> list[Path]:
    """map.html, and with ``embed`` map_embed.html, with ``png`` map.png, in ``out``."""
    from geomap.io import write_atomic

    out = Path(out)
    page = to_html(m, offline=offline)
    written = [write_atomic(out / "map.html", page)]
    if embed:
        written.append(write_atomic(out / "map_embed.html", embed_snippet(page, height=embed_height)))
    if png:
        written.append(save_png(written[0], out / "map.png"))
    return written


__all__ = ["embed_snippet", "render_map", "save_map", "save_png", "to_html", "write_map_files"]
