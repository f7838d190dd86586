// Activities map: the coming activities that take place somewhere, each a marker with its title, time and a link.
import { asText } from "./map_text.js";

const config = JSON.parse(document.getElementById("map-config").textContent);

function popup(point) {
  const box = document.createElement("div");
  const link = document.createElement("a");
  link.href = point.url;
  link.append(asText(point.name));
  const when = document.createElement("div");
  when.append(asText(point.when));
  box.append(link, when);
  return box;
}

window.addEventListener("map:init", (event) => {
  const map = event.detail.map;
  const markers = config.points.map((p) =>
    L.circleMarker([p.lat, p.lon], { radius: 9, color: "#ffffff", weight: 2, fillColor: "#7a3e9d", fillOpacity: 1 })
      .bindTooltip(asText(p.name))
      .bindPopup(popup(p)),
  );
  const layer = L.featureGroup(markers).addTo(map);
  if (config.points.length === 1) map.setView([config.points[0].lat, config.points[0].lon], 15);
  else if (config.points.length > 1) map.fitBounds(layer.getBounds(), { maxZoom: 15, padding: [20, 20] });
  map.getContainer().dataset.markers = String(config.points.length);
});
