"""Search results as GeoJSON, for the nearby API and the search page."""

import json
from typing import Any

from search.selectors import NearbyResult


def nearby_feature_json(result: NearbyResult) -> str:
    """A search result as GeoJSON feature text; redacted locations carry no geometry and no address.

    The properties come finished from the search index as JSON text: they are spliced, not decoded and re-encoded.
    """
    if result.redacted:
        geometry = "null"
    else:
        assert result.lon is not None and result.lat is not None  # only redacted results come without a point
        geometry = f'{{"type":"Point","coordinates":[{round(result.lon, 6)!r},{round(result.lat, 6)!r}]}}'

    open_now = "null" if result.open_now is None else ("true" if result.open_now else "false")
    return (
        f'{{"type":"Feature","id":"{result.id}","geometry":{geometry},"properties":'
        f'{{"distance_m":{result.distance_m!r},"open_now":{open_now},{result.properties_json[1:]}}}'
    )


def nearby_feature(result: NearbyResult) -> dict[str, Any]:
    """A search result as a GeoJSON feature (a dict, for pages): json.loads of nearby_feature_json, with only the
    finished properties parsed (the envelope's numbers read back as the floats they were written from)."""
    geometry = None
    if not result.redacted:
        assert result.lon is not None and result.lat is not None  # only redacted results come without a point
        geometry = {"type": "Point", "coordinates": [round(result.lon, 6), round(result.lat, 6)]}
    properties = {"distance_m": result.distance_m, "open_now": result.open_now, **json.loads(result.properties_json)}
    return {"type": "Feature", "id": str(result.id), "geometry": geometry, "properties": properties}


def nearby_collection_json(results: list[NearbyResult]) -> str:
    return '{"type":"FeatureCollection","features":[' + ",".join(map(nearby_feature_json, results)) + "]}"
