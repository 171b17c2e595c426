"""Build utblick/core/data/countries.json from Natural Earth's country outlines (public domain).

The input is the TopoJSON redistribution of Natural Earth 4.1.0 in the ``world-atlas`` package
(``countries-50m.json``); fetch it with the ordinary npm client (``npm pack world-atlas@2.0.2``).
Each country keeps its outline simplified (Douglas–Peucker) to a tolerance that still reads at the
scale of Europe on a page, rounded to hundredths of a degree, keyed by its ISO 3166 alpha-2 code.
Run once when the outlines should change; the app reads only the output file.

    python tools/maps/natural_earth_outlines.py countries-50m.json utblick/core/data/countries.json
"""

import json
import math
import sys

import pycountry

TOLERANCE = 0.1  # degrees
MIN_AREA = 0.05  # square degrees: islands smaller than this are left out
# Natural Earth names without an ISO numeric code that belong to a country on the map.
NAMED = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO", "Siachen Glacier": "IN", "Indian Ocean Ter.": "AU"}


def decode_arcs(topology):
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring(arcs, indices):
    points = []
    for index in indices:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def simplify(points, tolerance):
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay) or 1e-12
        best, best_index = 0.0, None
        for index in range(first + 1, last):
            px, py = points[index]
            distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            if distance > best:
                best, best_index = distance, index
        if best_index is not None and best > tolerance:
            keep[best_index] = True
            stack.extend([(first, best_index), (best_index, last)])
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def area(points):
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True))) / 2


def main(source, target):
    with open(source, encoding="utf-8") as handle:
        topology = json.load(handle)
    arcs = decode_arcs(topology)
    countries = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        code = NAMED.get(name)
        if code is None:
            country = pycountry.countries.get(numeric=geometry.get("id", ""))
            if country is None:
                print("skipped", name, file=sys.stderr)
                continue
            code = country.alpha_2
        if code == "AQ":
            continue  # Antarctica's outline runs along the map's bottom edge; no partner is there
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = countries.setdefault(code, [])
        for polygon in polygons:
            outer = ring(arcs, polygon[0])  # holes (lakes, enclaves) are left out at this scale
            if area(outer) < MIN_AREA and len(polygons) > 1:
                continue
            # A closed ring's ends are the same point: simplify its two halves.
            middle = len(outer) // 2
            simple = simplify(outer[: middle + 1], TOLERANCE)[:-1] + simplify(outer[middle:], TOLERANCE)
            if any(x > 170 for x, _y in simple) and any(x < -170 for x, _y in simple):
                # A ring across the antimeridian (Russia's Chukotka, Fiji) goes on east of 180 degrees.
                simple = [(x + 360 if x < 0 else x, y) for x, y in simple]
            if len(simple) < 4:
                continue
            flat = []
            for x, y in simple[:-1]:
                flat.extend((round(x, 2), round(y, 2)))
            rings.append(flat)
    output = {
        "source": "Natural Earth 4.1.0, 1:50m admin 0 countries (public domain), through world-atlas 2.0.2; "
        f"simplified to {TOLERANCE} degrees by tools/maps/natural_earth_outlines.py",
        "countries": {code: rings for code, rings in sorted(countries.items()) if rings},
    }
    with open(target, "w", encoding="utf-8") as handle:
        json.dump(output, handle, separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
