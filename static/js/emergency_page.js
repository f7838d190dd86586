// An emergency's page: its affected areas and its emergency services on a small map, from the page's GeoJSON.
// A temporary shelter has no geometry (it is known by its area only) and is not drawn.
import { asText } from "./map_text.js";

const wrap = document.getElementById("emergency-map-wrap");

window.addEventListener("map:init", async (event) => {
  const map = event.detail.map;
  const response = await fetch(wrap.dataset.geojson, { headers: { Accept: "application/geo+json" } });
  if (!response.ok) return;
  const data = await response.json();
  const areas = L.geoJSON(
    { type: "FeatureCollection", features: data.features.filter((f) => f.properties.feature === "area") },
    { style: { color: "#b10e1e", weight: 2, fillColor: "#d4351c", fillOpacity: 0.12 }, interactive: false },
  ).addTo(map);
  const offers = data.features.filter((f) => f.properties.feature === "offer" && f.geometry);
  const points = L.featureGroup(
    offers.map((f) =>
      L.circleMarker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {
        radius: 8,
        color: "#ffffff",
        weight: 2,
        fillColor: f.properties.active ? "#b10e1e" : "#6f777b",
        fillOpacity: 1,
      }).bindTooltip(asText(`${f.properties.name} · ${f.properties.kind_label}`)),
    ),
  ).addTo(map);
  map.invalidateSize(); // the page's styles may have sized the map after it started
  const bounds = areas.getBounds();
  if (points.getLayers().length) bounds.extend(points.getBounds());
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [10, 10], animate: false });
  map.getContainer().dataset.areas = String(areas.getLayers().length);
  map.getContainer().dataset.markers = String(points.getLayers().length);
});
