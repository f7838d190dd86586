// Admin: draws the listed locations on the list page's map.
const data = JSON.parse(document.getElementById("admin-locations-data").textContent);

window.addEventListener("map:init", (event) => {
  const map = event.detail.map;
  const layer = L.geoJSON(data, {
    pointToLayer: (feature, latlng) => L.circleMarker(latlng, { radius: 5, color: "#1d4f91", weight: 1, fillOpacity: 0.8 }),
    onEachFeature: (feature, lyr) => {
      const link = document.createElement("a");
      link.href = feature.properties.url;
      link.textContent = feature.properties.name;
      lyr.bindPopup(link);
    },
  }).addTo(map);
  if (layer.getLayers().length) map.fitBounds(layer.getBounds(), { maxZoom: 15 });
  map.getContainer().dataset.markers = String(layer.getLayers().length);
});
