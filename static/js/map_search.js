// Caseworker map: markers for the listed results, a radius circle, area outlines; the list and the map
// highlight each other; a click on the map (in "pick" mode) searches around that point. Every state change
// goes through the form, so the URL always holds the whole search.
import { asText } from "./map_text.js";

const config = JSON.parse(document.getElementById("map-config").textContent);
const form = document.getElementById("search-form");
const gettext = window.gettext || ((text) => text);

const STYLE = { radius: 8, color: "#ffffff", weight: 2, fillColor: "#1d4f91", fillOpacity: 1 };
const ACTIVE = { radius: 12, color: "#0b0c0c", weight: 3, fillColor: "#d4351c", fillOpacity: 1 };
const markers = new Map();
let active = null;

function highlight(id, { scroll = false, pan = false } = {}) {
  if (active && markers.has(active)) markers.get(active).setStyle(STYLE).setRadius(STYLE.radius);
  document.querySelectorAll(".result.is-active").forEach((el) => el.classList.remove("is-active"));
  active = id;
  const marker = markers.get(id);
  if (marker) {
    marker.setStyle(ACTIVE).setRadius(ACTIVE.radius).bringToFront();
    if (pan) marker._map.panTo(marker.getLatLng());
    marker.openTooltip();
  }
  const row = document.getElementById(`result-${id}`);
  if (row) {
    row.classList.add("is-active");
    if (scroll) row.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }
}

function drawResults(map) {
  const renderer = L.canvas({ padding: 0.5 });
  const layer = L.featureGroup().addTo(map);
  for (const feature of config.features) {
    if (!feature.geometry) continue;
    const [lon, lat] = feature.geometry.coordinates;
    const marker = L.circleMarker([lat, lon], { ...STYLE, renderer })
      .bindTooltip(asText(`${feature.properties.name} · ${feature.properties.organization}`))
      .on("click", () => highlight(feature.id, { scroll: true }));
    marker.addTo(layer);
    markers.set(feature.id, marker);
  }
  if (config.center) {
    const [lat, lon] = config.center;
    L.circle([lat, lon], { radius: config.radius, color: "#1d4f91", weight: 1, dashArray: "6 4", fill: false, interactive: false }).addTo(map);
    L.circleMarker([lat, lon], { radius: 6, color: "#0b0c0c", weight: 3, fillColor: "#ffbf47", fillOpacity: 1 })
      .bindTooltip(asText(gettext("Search point"))).addTo(map);
    const bounds = layer.getLayers().length ? layer.getBounds().extend([lat, lon]) : L.latLng(lat, lon).toBounds(config.radius * 2);
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 });
  }
  map.getContainer().dataset.markers = String(markers.size);
}

async function drawAreas(map) {
  const response = await fetch(`${config.areasUrl}?level=community`);
  if (!response.ok) return;
  const layer = L.geoJSON(await response.json(), {
    style: { color: "#505a5f", weight: 1.5, fill: false },
    interactive: false,
  }).addTo(map);
  layer.bringToBack();
  if (!config.center && layer.getLayers().length) map.fitBounds(layer.getBounds());
  map.getContainer().dataset.areasLoaded = String(layer.getLayers().length);
}

function enablePicking(map) {
  const button = document.getElementById("pick-on-map");
  const container = map.getContainer();
  button.addEventListener("click", () => {
    const on = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", String(on));
    container.classList.toggle("is-picking", on);
  });
  map.on("click", (event) => {
    if (button.getAttribute("aria-pressed") !== "true") return;
    form.elements.lat.value = event.latlng.lat.toFixed(5);
    form.elements.lon.value = event.latlng.lng.toFixed(5);
    form.elements.place.value = "";
    form.requestSubmit();
  });
}

function linkList() {
  document.querySelectorAll(".show-on-map").forEach((button) => {
    button.addEventListener("click", () => highlight(button.dataset.id, { pan: true }));
  });
  document.querySelectorAll(".result").forEach((row) => {
    row.addEventListener("mouseenter", () => highlight(row.dataset.id));
  });
}

function suggestPlaces() {
  const input = form.elements.place;
  const list = document.getElementById("place-suggestions");
  let timer = null;
  let candidates = [];
  input.addEventListener("input", () => {
    form.elements.lat.value = "";
    form.elements.lon.value = "";
    const chosen = candidates.find((c) => c.label === input.value);
    if (chosen) {
      form.elements.lat.value = chosen.lat.toFixed(5);
      form.elements.lon.value = chosen.lon.toFixed(5);
      return;
    }
    clearTimeout(timer);
    if (input.value.trim().length < 2) return;
    timer = setTimeout(async () => {
      const response = await fetch(`${config.geocodeUrl}?q=${encodeURIComponent(input.value.trim())}&limit=8`);
      if (!response.ok) return;
      candidates = (await response.json()).results || [];
      list.replaceChildren(...candidates.map((c) => Object.assign(document.createElement("option"), { value: c.label })));
    }, 250);
  });
}

function autoSubmitFilters() {
  // A ticked committee selects its whole subtree on the server; untick its children to avoid double counting.
  form.querySelectorAll(".filters input, .filters select").forEach((input) => {
    if (input.name === "q") return;
    input.addEventListener("change", () => {
      if (form.elements.lat.value || form.elements.place.value) form.requestSubmit();
    });
  });
}

window.addEventListener("map:init", (event) => {
  const map = event.detail.map;
  drawAreas(map);
  drawResults(map);
  enablePicking(map);
  linkList();
});
suggestPlaces();
autoSubmitFilters();
