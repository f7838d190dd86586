// Offering an emergency service: the emergency's areas on a small map, a click places the point (a pin drawn in
// CSS, .edit-pin, draggable) and writes the latitude and longitude; typed numbers move the pin. A temporary shelter
// is known by its area only, so choosing it hides the point, the address and the phone (the server refuses them too).
const wrap = document.getElementById("offer-map-wrap");
const form = wrap.closest("form");
const lat = form.elements.lat;
const lon = form.elements.lon;
const kind = form.elements.kind;

function showPlace() {
  const shelter = kind.value === "shelter";
  form.querySelectorAll(".offer-place").forEach((part) => {
    part.hidden = shelter;
  });
}
kind.addEventListener("change", showPlace);
showPlace();

window.addEventListener("map:init", async (event) => {
  const map = event.detail.map;
  const container = map.getContainer();
  let marker = null;

  function place(latlng) {
    if (!marker) {
      const icon = L.divIcon({ className: "edit-pin", iconSize: [26, 26], iconAnchor: [13, 26] });
      marker = L.marker(latlng, { icon, draggable: true, autoPan: true }).addTo(map);
      marker.on("dragend", () => write(marker.getLatLng()));
    } else {
      marker.setLatLng(latlng);
    }
  }
  function write(latlng) {
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    container.dataset.lat = lat.value;
    container.dataset.lon = lon.value;
  }
  map.on("click", (e) => {
    place(e.latlng);
    write(e.latlng);
  });
  [lat, lon].forEach((input) =>
    input.addEventListener("change", () => {
      if (lat.value && lon.value) place(L.latLng(Number(lat.value), Number(lon.value)));
    }),
  );

  const response = await fetch(wrap.dataset.geojson, { headers: { Accept: "application/geo+json" } });
  if (!response.ok) return;
  const data = await response.json();
  const areas = L.geoJSON(
    { type: "FeatureCollection", features: data.features.filter((f) => f.properties.feature === "area") },
    { style: { color: "#b10e1e", weight: 2, fillColor: "#d4351c", fillOpacity: 0.08 }, interactive: false },
  ).addTo(map);
  map.invalidateSize();
  if (areas.getBounds().isValid()) map.fitBounds(areas.getBounds(), { padding: [10, 10], animate: false });
  if (lat.value && lon.value) place(L.latLng(Number(lat.value), Number(lon.value)));
  container.dataset.ready = "1";
});
