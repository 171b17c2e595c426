"""Maps drawn as SVG on the server: country outlines shipped with the app, markers that are links.

The outlines are Natural Earth's (public domain), simplified into ``data/countries.json`` by
``tools/maps/natural_earth_outlines.py``; nothing is fetched from anywhere (ADR 0023). A map is an
equirectangular projection whose standard parallel is the middle of the view, which keeps the
shape of a region the size of Europe or the Nordic countries honest and costs one multiplication a
point. Markers are ``<a>`` elements: the keyboard reaches them in order, each has an accessible
name, and each goes to a page. Where markers crowd, they are drawn as one cluster linking to the
view zoomed onto them; where zooming cannot part them (the same city), they are spread on a small
circle around the place, each with a line to it.

The same ``MapPicture`` feeds the page's template and the report's figure (``picture_svg``, ``picture_png``).
"""

import functools
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

OUTLINES = Path(__file__).parent / "data" / "countries.json"
WIDTH = 960
CLUSTER_PX = 14  # markers closer than this on the map are drawn as one cluster
MIN_SPAN = 1.5  # degrees of latitude: the closest a view zooms in
SPREAD_PX = 22  # radius of the circle that spreads markers of one place


@dataclass(frozen=True)
class Extent:
    """A rectangle of longitudes and latitudes, west to east and south to north."""

    west: float
    south: float
    east: float
    north: float

    @property
    def param(self) -> str:
        return ",".join(f"{value:.2f}" for value in (self.west, self.south, self.east, self.north))

    @classmethod
    def parse(cls, text: str) -> "Extent | None":
        """An extent from ``w,s,e,n`` in a URL; None for anything else."""
        try:
            west, south, east, north = (float(part) for part in text.split(","))
        except ValueError:
            return None
        if not (-180 <= west < east <= 180 and -85 <= south < north <= 85):
            return None
        return cls(west, south, east, north)

    def contains(self, latitude: float, longitude: float) -> bool:
        return self.west <= longitude <= self.east and self.south <= latitude <= self.north

    def intersects(self, other: "Extent") -> bool:
        return not (
            other.east < self.west or other.west > self.east or other.north < self.south or other.south > self.north
        )


# Views a reader chooses by name; "auto" fits the markers.
VIEWS: dict[str, Extent] = {
    "world": Extent(-170.0, -56.0, 180.0, 78.0),
    "europe": Extent(-25.0, 34.0, 45.0, 71.5),
    "nordic": Extent(3.0, 54.0, 32.0, 71.5),
}


@dataclass(frozen=True)
class Place:
    """One thing to mark: a partner, a shared engagement's partner city."""

    key: str
    label: str  # the marker's accessible name, e.g. "Gdańsk — vänort, Polen"
    latitude: float
    longitude: float
    category: str  # draws the marker's shape and colour (see the template's legend)
    url: str


@dataclass
class Marker:
    x: float
    y: float
    places: list[Place]
    url: str
    label: str
    # A marker spread away from its place has a line back to it.
    anchor: tuple[float, float] | None = None

    @property
    def is_cluster(self) -> bool:
        return len(self.places) > 1

    @property
    def count(self) -> int:
        return len(self.places)

    @property
    def category(self) -> str:
        return self.places[0].category

    @property
    def shape(self) -> str:
        """The SVG path of the marker's shape, centred on (x, y): the shape tells the category without colour."""
        x, y = self.x, self.y
        if self.is_cluster:
            return ""
        size = 7.0
        shapes = {
            "twin": _circle(x, y, size),
            "project": f"M{x - size:.1f},{y - size:.1f}h{2 * size:.1f}v{2 * size:.1f}h{-2 * size:.1f}Z",
            "network": f"M{x:.1f},{y - size * 1.3:.1f}L{x + size * 1.3:.1f},{y:.1f}L{x:.1f},{y + size * 1.3:.1f}L{x - size * 1.3:.1f},{y:.1f}Z",
        }
        triangle = (
            f"M{x:.1f},{y - size * 1.2:.1f}L{x + size * 1.2:.1f},{y + size:.1f}L{x - size * 1.2:.1f},{y + size:.1f}Z"
        )
        return shapes.get(self.category, triangle)


def _circle(x: float, y: float, radius: float) -> str:
    return f"M{x - radius:.1f},{y:.1f}a{radius:.1f},{radius:.1f} 0 1,0 {2 * radius:.1f},0a{radius:.1f},{radius:.1f} 0 1,0 {-2 * radius:.1f},0Z"


@dataclass
class MapPicture:
    width: int
    height: int
    extent: Extent
    outlines: list[tuple[str, str]]  # (country code, SVG path)
    markers: list[Marker] = field(default_factory=list)
    highlighted: frozenset[str] = frozenset()
    unplaced: int = 0  # places given without coordinates, or outside the view

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


@functools.cache
def _countries() -> dict[str, tuple[Extent, list[list[tuple[float, float]]]]]:
    data = json.loads(OUTLINES.read_text(encoding="utf-8"))
    countries = {}
    for code, rings in data["countries"].items():
        points = [list(zip(ring[0::2], ring[1::2], strict=True)) for ring in rings]
        longitudes = [lon for ring in points for lon, _lat in ring]
        latitudes = [lat for ring in points for _lon, lat in ring]
        countries[code] = (Extent(min(longitudes), min(latitudes), max(longitudes), max(latitudes)), points)
    return countries


class Projection:
    """Equirectangular with the view's middle latitude as standard parallel, scaled to ``width``."""

    def __init__(self, extent: Extent, width: int = WIDTH):
        self.extent = extent
        self.stretch = math.cos(math.radians((extent.north + extent.south) / 2))
        self.scale = width / ((extent.east - extent.west) * self.stretch)
        self.width = width
        self.height = round((extent.north - extent.south) * self.scale)

    def point(self, latitude: float, longitude: float) -> tuple[float, float]:
        return (
            (longitude - self.extent.west) * self.stretch * self.scale,
            (self.extent.north - latitude) * self.scale,
        )

    def place_at(self, x: float, y: float) -> tuple[float, float]:
        """The latitude and longitude at a point of the picture."""
        return self.extent.north - y / self.scale, self.extent.west + x / (self.stretch * self.scale)


def fit(places: Iterable[Place], *, fallback: str = "europe") -> Extent:
    """The view that shows every place with a margin, shaped between a wide strip and a square."""
    placed = list(places)
    if not placed:
        return VIEWS[fallback]
    latitudes = [place.latitude for place in placed]
    longitudes = [place.longitude for place in placed]
    south, north = min(latitudes), max(latitudes)
    west, east = min(longitudes), max(longitudes)
    margin_lat = max((north - south) * 0.15, MIN_SPAN / 2)
    margin_lon = max((east - west) * 0.12, MIN_SPAN)
    return _shaped(Extent(west - margin_lon, south - margin_lat, east + margin_lon, north + margin_lat))


def _shaped(extent: Extent) -> Extent:
    """Widen or heighten an extent so its picture is between 0.45 and 0.95 times as high as wide."""
    west, south, east, north = extent.west, extent.south, extent.east, extent.north
    stretch = math.cos(math.radians((north + south) / 2))
    ratio = (north - south) / ((east - west) * stretch)
    if ratio < 0.45:
        grow = ((east - west) * stretch * 0.45 - (north - south)) / 2
        south, north = south - grow, north + grow
    elif ratio > 0.95:
        grow = ((north - south) / (0.95 * stretch) - (east - west)) / 2
        west, east = west - grow, east + grow
    return Extent(max(west, -180.0), max(south, -80.0), min(east, 180.0), min(north, 84.0))


@functools.lru_cache(maxsize=64)
def _projected(extent: Extent, width: int) -> tuple[tuple[str, tuple[tuple[tuple[float, float], ...], ...]], ...]:
    """Each country near the view with its rings projected onto the picture."""
    projection = Projection(extent, width)
    # A little beyond the view, so coasts run off the edge instead of stopping short of it.
    reach = Extent(extent.west - 5, extent.south - 5, extent.east + 5, extent.north + 5)
    found = []
    for code, (box, rings) in _countries().items():
        if reach.intersects(box):
            found.append((code, tuple(tuple(projection.point(lat, lon) for lon, lat in ring) for ring in rings)))
    return tuple(found)


@functools.lru_cache(maxsize=64)
def _outlines(extent: Extent, width: int) -> tuple[tuple[str, str], ...]:
    paths = []
    for code, rings in _projected(extent, width):
        parts = ("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in ring) + "Z" for ring in rings)
        paths.append((code, "".join(parts)))
    return tuple(paths)


def draw(
    places: Iterable[Place],
    *,
    extent: Extent | None = None,
    width: int = WIDTH,
    zoom_url: Callable[[Extent], str] | None = None,
    highlight: Iterable[str] = (),
    cluster_label: Callable[[int], str] = lambda count: str(count),
) -> MapPicture:
    """The picture of ``places`` in ``extent`` (fitted to the places when None).

    ``zoom_url`` gives a cluster's link: the same page with the view zoomed onto the cluster.
    ``highlight``: countries (ISO codes) shaded as places the work goes to.
    """
    all_places = list(places)
    extent = _shaped(extent) if extent is not None else fit(all_places)
    projection = Projection(extent, width)
    inside = [place for place in all_places if extent.contains(place.latitude, place.longitude)]
    picture = MapPicture(
        width=projection.width,
        height=projection.height,
        extent=extent,
        outlines=list(_outlines(extent, width)),
        highlighted=frozenset(code.upper() for code in highlight),
        unplaced=len(all_places) - len(inside),
    )
    for group in _clusters(inside, projection):
        picture.markers.extend(_markers(group, projection, zoom_url, cluster_label))
    picture.markers.sort(key=lambda marker: (round(marker.y), marker.x))  # the keyboard's order: north to south
    return picture


def _clusters(places: list[Place], projection: Projection) -> list[list[Place]]:
    """Greedy grouping: each place joins the first group whose first place is within CLUSTER_PX."""
    cells: dict[tuple[int, int], list[list[Any]]] = {}
    groups: list[list[Any]] = []
    for place in sorted(places, key=lambda place: (place.latitude, place.longitude, place.key)):
        x, y = projection.point(place.latitude, place.longitude)
        cell = (int(x // CLUSTER_PX), int(y // CLUSTER_PX))
        found = None
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for group in cells.get((cell[0] + dx, cell[1] + dy), []):
                    gx, gy = group[0]
                    if math.hypot(gx - x, gy - y) < CLUSTER_PX:
                        found = group
                        break
                if found:
                    break
            if found:
                break
        if found is None:
            found = [(x, y)]
            groups.append(found)
            cells.setdefault(cell, []).append(found)
        found.append(place)
    return [group[1:] for group in groups]


def _markers(
    group: list[Place],
    projection: Projection,
    zoom_url: Callable[[Extent], str] | None,
    cluster_label: Callable[[int], str],
) -> list[Marker]:
    points = [projection.point(place.latitude, place.longitude) for place in group]
    x = sum(point[0] for point in points) / len(points)
    y = sum(point[1] for point in points) / len(points)
    if len(group) == 1:
        place = group[0]
        return [Marker(x, y, group, place.url, place.label)]
    latitudes = [place.latitude for place in group]
    longitudes = [place.longitude for place in group]
    zoomed = _shaped(
        Extent(
            min(longitudes) - MIN_SPAN / 2,
            min(latitudes) - MIN_SPAN / 2,
            max(longitudes) + MIN_SPAN / 2,
            max(latitudes) + MIN_SPAN / 2,
        )
    )
    # Zoom in only where zooming gets markedly closer; otherwise the markers are as close as the map goes.
    closer = (zoomed.north - zoomed.south) < 0.8 * (projection.extent.north - projection.extent.south)
    if zoom_url is not None and closer:
        return [Marker(x, y, group, zoom_url(zoomed), cluster_label(len(group)))]
    # One place (or as close as the map zooms): spread the markers around it, each with a line back.
    markers = []
    radius = SPREAD_PX + 2 * max(0, len(group) - 8)
    for index, place in enumerate(group):
        angle = 2 * math.pi * index / len(group) - math.pi / 2
        markers.append(
            Marker(
                x + radius * math.cos(angle),
                y + radius * math.sin(angle),
                [place],
                place.url,
                place.label,
                anchor=(x, y),
            )
        )
    return markers


def picture_png(picture: MapPicture, *, title: str = "") -> bytes:
    """The same picture as a PNG for documents (the yearly report), drawn by matplotlib."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot
    from matplotlib.collections import PolyCollection

    colours = {"twin": "#0b5394", "project": "#b45309", "network": "#1e6b3a"}
    figure = pyplot.figure(figsize=(picture.width / 120, picture.height / 120), dpi=120)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, picture.width)
    axes.set_ylim(picture.height, 0)
    axes.set_facecolor("#eef3f8")
    axes.set_xticks([])
    axes.set_yticks([])
    rings: list[Any] = []
    fills: list[str] = []
    for code, country_rings in _projected(picture.extent, picture.width):
        rings.extend(country_rings)
        fills.extend(["#c9d6e3" if code in picture.highlighted else "#e3e6ea"] * len(country_rings))
    axes.add_collection(PolyCollection(rings, facecolors=fills, edgecolors="#8a96a3", linewidths=0.4))
    for marker in picture.markers:
        if marker.anchor is not None:
            axes.plot([marker.anchor[0], marker.x], [marker.anchor[1], marker.y], color="#4d5866", linewidth=0.6)
        if marker.is_cluster:
            axes.scatter([marker.x], [marker.y], s=260, color="#1b3a5c", zorder=3)
            axes.annotate(
                str(marker.count), (marker.x, marker.y), color="white", ha="center", va="center", fontsize=7, zorder=4
            )
        else:
            shape = {"twin": "o", "project": "s", "network": "D"}.get(marker.category, "^")
            axes.scatter(
                [marker.x],
                [marker.y],
                s=40,
                marker=shape,
                color=colours.get(marker.category, "#6b21a8"),
                edgecolors="#1c2430",
                linewidths=0.6,
                zorder=3,
            )
    if title:
        axes.set_title(title)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    pyplot.close(figure)
    return buffer.getvalue()


def view_from(value: str) -> Extent | None:
    """The view a request asks for: a named view, a rectangle ``w,s,e,n`` (a cluster's zoom), or None to fit."""
    if value in VIEWS:
        return VIEWS[value]
    return Extent.parse(value) if value else None


def zoom_link(query: Any, anchor: str = "map") -> Callable[[Extent], str]:
    """Links for clusters: the same page and filters (a QueryDict), the view zoomed onto the cluster."""

    def link(extent: Extent) -> str:
        params = query.copy()
        params["view"] = extent.param
        return f"?{params.urlencode()}#{anchor}"

    return link


@dataclass
class MapRequest:
    """What a page's query asks of its map: the view (None: fit) and whether it is zoomed onto a cluster."""

    extent: Extent | None
    zoomed: bool
    view: str

    @classmethod
    def of(cls, query: Any) -> "MapRequest":
        value = (query.get("view") or "").strip()
        extent = view_from(value)
        return cls(extent, extent is not None and value not in VIEWS, value if value in VIEWS else "")


COLOURS = {"twin": "#0b5394", "project": "#b45309", "network": "#1e6b3a", "other": "#6b21a8", "cluster": "#1b3a5c"}


def picture_svg(picture: MapPicture, *, label: str = "") -> str:
    """The picture as a standalone SVG (presentation attributes, no links): a document's figure (the reports).

    ``label``: the picture's alternative text, for an SVG set inside an HTML page.
    """
    from django.utils.html import escape

    named = f' role="img" aria-label="{escape(label)}"' if label else ""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{picture.view_box}" '
        f'width="{picture.width}" height="{picture.height}"{named}>',
        f'<rect width="{picture.width}" height="{picture.height}" fill="#eef3f8"/>',
    ]
    for code, path in picture.outlines:
        fill = "#c9d6e3" if code in picture.highlighted else "#e3e6ea"
        parts.append(f'<path d="{path}" fill="{fill}" stroke="#8a96a3" stroke-width="0.6"/>')
    for marker in picture.markers:
        if marker.anchor is not None:
            x, y = marker.anchor
            parts.append(f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{marker.x:.1f}" y2="{marker.y:.1f}" stroke="#4d5866"/>')
    for marker in picture.markers:
        if marker.is_cluster:
            parts.append(
                f'<circle cx="{marker.x:.1f}" cy="{marker.y:.1f}" r="13" fill="{COLOURS["cluster"]}" '
                'stroke="#ffffff" stroke-width="2"/>'
                f'<text x="{marker.x:.1f}" y="{marker.y + 4.5:.1f}" fill="#ffffff" font-size="13" '
                f'font-family="Liberation Sans, Arial, sans-serif" text-anchor="middle">{marker.count}</text>'
            )
        else:
            colour = COLOURS.get(marker.category, COLOURS["other"])
            parts.append(f'<path d="{marker.shape}" fill="{colour}" stroke="#1c2430" stroke-width="1.2"/>')
    parts.append("</svg>")
    return "".join(parts)
