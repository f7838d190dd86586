// Caseworker map: draws the area outlines for context (they also work offline, without basemap tiles).
const script = document.querySelector('script[data-areas-url]');
const areasUrl = script.dataset.areasUrl;

async function drawAreas(map) {
  const response = await fetch(`${areasUrl}?level=community`);
  if (!response.ok) return;
  const layer = L.geoJSON(await response.json(), {
    style: { color: "#1d4f91", weight: 2, fill: true, fillOpacity: 0.04 },
    onEachFeature: (feature, lyr) => lyr.bindTooltip(feature.properties.name),
  }).addTo(map);
  if (layer.getLayers().length) map.fitBounds(layer.getBounds());
  map.getContainer().dataset.areasLoaded = String(layer.getLayers().length);
}

window.addEventListener("map:init", (event) => {
  drawAreas(event.detail.map);
});
