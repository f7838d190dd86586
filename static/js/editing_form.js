// Service form (/manage/): each place gets a small map with a draggable pin; the pin writes the hidden lat/lon
// inputs. "Show on the map" asks our server (gazetteer first, then the geocoder) where the typed address is.
const config = JSON.parse(document.getElementById("editing-config").textContent);

function setupPlace(map, fieldset) {
  const prefix = fieldset.dataset.location;
  const lat = fieldset.querySelector(`[name="${prefix}-lat"]`);
  const lon = fieldset.querySelector(`[name="${prefix}-lon"]`);
  const status = fieldset.querySelector("[data-status]");
  const container = map.getContainer();
  let marker = null;

  function write(latlng) {
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    container.dataset.lat = lat.value;
    container.dataset.lon = lon.value;
    status.textContent = `${fieldset.dataset.moved} ${lat.value}, ${lon.value}`;
  }

  function place(latlng, zoom) {
    if (!marker) {
      // A pin drawn in CSS (.edit-pin): Leaflet's default image would be looked for beside this page's URL.
      const icon = L.divIcon({ className: "edit-pin", iconSize: [26, 26], iconAnchor: [13, 26] });
      marker = L.marker(latlng, { icon, draggable: true, autoPan: true, title: fieldset.dataset.moved }).addTo(map);
      marker.on("dragend", () => write(marker.getLatLng()));
      container.dataset.marker = "1";
    } else {
      marker.setLatLng(latlng);
    }
    write(L.latLng(latlng));
    map.setView(latlng, zoom || Math.max(map.getZoom(), 16));
  }

  if (lat.value && lon.value) {
    place([Number(lat.value), Number(lon.value)], 16);
  } else {
    map.setView(config.center, 11);
  }
  map.on("click", (event) => place(event.latlng));

  // A new address invalidates the pin: the server geocodes it again unless the pin is placed anew.
  ["address_1", "postal_code", "city"].forEach((name) => {
    const input = fieldset.querySelector(`[name="${prefix}-${name}"]`);
    input.addEventListener("change", () => {
      lat.value = "";
      lon.value = "";
      delete container.dataset.lat;
      delete container.dataset.lon;
    });
  });

  fieldset.querySelector("[data-locate]").addEventListener("click", async () => {
    const params = new URLSearchParams();
    ["address_1", "postal_code", "city"].forEach((name) => {
      params.set(name, fieldset.querySelector(`[name="${prefix}-${name}"]`).value);
    });
    const response = await fetch(`${config.geocodeUrl}?${params}`, { headers: { Accept: "application/json" } });
    const answer = await response.json();
    if (response.ok && answer.found) {
      place([answer.lat, answer.lon], 17);
      status.textContent = fieldset.dataset.found;
    } else {
      status.textContent = fieldset.dataset.notFound;
    }
  });
}

window.addEventListener("map:init", (event) => {
  const map = event.detail.map;
  const fieldset = document.querySelector(`[data-location="${map.getContainer().id}"]`);
  if (fieldset) setupPlace(map, fieldset);
});
