// /ogc/ items as HTML: the page's features on a small map (points as dots, areas as outlines), fitted to them.
import { asText } from "./map_text.js";

const features = JSON.parse(document.getElementById("ogc-features").textContent);

window.addEventListener("map:init", (event) => {
  const map = event.detail.map;
  const layer = L.geoJSON(features, {
    pointToLayer: (_feature, latlng) => L.circleMarker(latlng, { radius: 7, color: "#ffffff", weight: 2, fillColor: "#1d4f91", fillOpacity: 1 }),
    style: (feature) => (feature.geometry.type === "Point" ? {} : { color: "#1d4f91", weight: 1.5, fillOpacity: 0.15 }),
    onEachFeature: (feature, shape) => shape.bindTooltip(asText(feature.properties.label)),
  }).addTo(map);
  const credits = map.attributionControl ? map.attributionControl.getContainer().offsetHeight : 0;
  map.fitBounds(layer.getBounds(), { maxZoom: 16, paddingTopLeft: [20, 20], paddingBottomRight: [20, credits + 20] });
  map.getContainer().dataset.features = String(layer.getLayers().length);
});
