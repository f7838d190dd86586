// Service page: the service's (non-redacted) locations on a small map.
import { asText } from "./map_text.js";

const config = JSON.parse(document.getElementById("map-config").textContent);

window.addEventListener("map:init", (event) => {
  const map = event.detail.map;
  const layer = L.featureGroup(
    config.points.map((p) =>
      L.circleMarker([p.lat, p.lon], { radius: 9, color: "#ffffff", weight: 2, fillColor: "#1d4f91", fillOpacity: 1 }).bindTooltip(asText(p.name)),
    ),
  ).addTo(map);
  if (config.points.length === 1) map.setView([config.points[0].lat, config.points[0].lon], 16);
  else {
    // markers stay clear of the credits line at the bottom (its height plus the marker's radius)
    const credits = map.attributionControl ? map.attributionControl.getContainer().offsetHeight : 0;
    map.fitBounds(layer.getBounds(), { maxZoom: 16, paddingTopLeft: [20, 20], paddingBottomRight: [20, credits + 20] });
  }
  map.getContainer().dataset.markers = String(config.points.length);
});
