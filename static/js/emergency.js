// Search page, emergencies: the "Emergency services" filter searches again at once, and the emergency services
// found (#emergency-offers, rendered by the server in the results) are drawn as their own map layer. A temporary
// shelter has no geometry (it is known by its area only) and is never drawn.
import { asText } from "./map_text.js";

const form = document.getElementById("search-form");
const filter = document.getElementById("emergency-filter");
let theMap = null;
let layer = null;

function draw() {
  if (!theMap) return;
  if (layer) layer.remove();
  const data = document.getElementById("emergency-offers");
  const features = data ? JSON.parse(data.textContent).filter((f) => f.geometry) : [];
  layer = L.layerGroup(
    features.map((f) =>
      L.marker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {
        icon: L.divIcon({ className: "emergency-marker", html: "", iconSize: [20, 20] }),
        keyboard: false,
        title: f.properties.name,
      }).bindTooltip(asText(`${f.properties.name} · ${f.properties.kind_label}`)),
    ),
  ).addTo(theMap);
  theMap.getContainer().dataset.emergencyMarkers = String(features.length);
}

if (filter) filter.addEventListener("change", () => form.requestSubmit());
window.addEventListener("map:init", (event) => {
  theMap = event.detail.map;
  draw();
});
document.addEventListener("results:replaced", draw);
