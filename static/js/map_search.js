// Caseworker search page: the whole directory on the map from the first view (server-side clusters and points from
// /api/map/, refreshed on every pan, zoom and filter change), the services in view or the nearest to a place in the
// list, near me, pick on the map, and a Map | List switch on phones. The URL always holds the whole state
// (history.replaceState), so a view can be bookmarked and shared.
import { asText } from "./map_text.js";
import { DirectoryLayer, detailUrl, hoursText, legendControl, openTag, popupContent } from "./search_layer.js";

const config = JSON.parse(document.getElementById("map-config").textContent);
const form = document.getElementById("search-form");
const page = document.getElementById("search-page");
const gettext = window.gettext || ((text) => text);
const interpolate = window.interpolate || ((text) => text);
const ngettext = window.ngettext || ((one, many, n) => (n === 1 ? one : many));
const IN_VIEW_LIMIT = 50;
const NOT_FILTERS = new Set(["place", "lat", "lon", "radius_m", "limit", "map", "csrfmiddlewaretoken"]);

const STYLE = { radius: 9, color: "#ffffff", weight: 3, fillColor: "#1d4f91", fillOpacity: 1 };
const ACTIVE = { radius: 12, color: "#0b0c0c", weight: 3, fillColor: "#d4351c", fillOpacity: 1 };
const markers = new Map();
let active = null;
let directory = null;
let theMap = null;
let fitResults = null;
let mapShown = false;

const hasPlace = () => Boolean(config.center);

// ------------------------------------------------------------------------------------------ phone: Map | List
function showView(view) {
  page.dataset.view = view;
  document.querySelectorAll(".view-switch__button").forEach((button) => {
    button.setAttribute("aria-pressed", String(button.dataset.show === view));
  });
  if (view === "map" && theMap) {
    theMap.invalidateSize();
    // a map first drawn hidden (the phone's list view) had no size to fit the results into
    if (!mapShown && fitResults) fitResults();
    mapShown = true;
  }
}

function setUpSwitch() {
  document.querySelectorAll(".view-switch__button").forEach((button) => {
    button.addEventListener("click", () => showView(button.dataset.show));
  });
  showView(page.dataset.view || "map");
  const place = () => page.style.setProperty("--search-top", `${Math.max(0, page.getBoundingClientRect().top + window.scrollY)}px`);
  place();
  window.addEventListener("resize", place);
}

// ------------------------------------------------------------------------------------------ URL state
function filterParams() {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) {
    if (!NOT_FILTERS.has(key) && String(value).trim() !== "") params.append(key, value);
  }
  return params;
}

function saveView(map) {
  const url = new URL(window.location.href);
  const centre = map.getCenter();
  url.searchParams.set("map", `${map.getZoom()}/${centre.lat.toFixed(5)}/${centre.lng.toFixed(5)}`);
  window.history.replaceState(null, "", url);
}

function savedView() {
  const value = new URLSearchParams(window.location.search).get("map");
  if (!value) return null;
  const [zoom, lat, lon] = value.split("/").map(Number);
  if (![zoom, lat, lon].every(Number.isFinite)) return null;
  return { zoom, lat, lon };
}

function saveFilters() {
  const url = new URL(window.location.href);
  for (const key of [...url.searchParams.keys()]) if (!NOT_FILTERS.has(key)) url.searchParams.delete(key);
  for (const [key, value] of filterParams()) url.searchParams.append(key, value);
  window.history.replaceState(null, "", url);
}

// ------------------------------------------------------------------------------------------ results of a place
function highlight(id, { scroll = false, open = false } = {}) {
  if (active && markers.has(active)) markers.get(active).setStyle(STYLE).setRadius(STYLE.radius);
  document.querySelectorAll(".result.is-active").forEach((el) => el.classList.remove("is-active"));
  active = id;
  const marker = markers.get(id);
  if (marker) {
    marker.setStyle(ACTIVE).setRadius(ACTIVE.radius).bringToFront();
    if (open) {
      theMap.setView(marker.getLatLng(), Math.max(theMap.getZoom(), 15));
      marker.openPopup();
    }
  } else if (open && directory) {
    directory.open(id);
  }
  const row = document.getElementById(`result-${id}`) || document.getElementById(`in-view-${id}`);
  if (row) {
    row.classList.add("is-active");
    if (scroll) row.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }
}

function showOnMap(id) {
  showView("map");
  highlight(id, { open: true });
}

let placeLayer = null;

function drawResults(map, { fit = true } = {}) {
  if (placeLayer) placeLayer.remove();
  markers.clear();
  active = null;
  placeLayer = L.layerGroup().addTo(map);
  const layer = L.featureGroup().addTo(placeLayer);
  for (const feature of config.features) {
    if (!feature.geometry) continue;
    const [lon, lat] = feature.geometry.coordinates;
    const marker = L.circleMarker([lat, lon], { ...STYLE })
      .bindPopup(() => popupContent(config, feature.properties))
      .on("click", () => highlight(feature.id, { scroll: true }));
    marker.addTo(layer);
    markers.set(feature.id, marker);
  }
  if (config.center) {
    const [lat, lon] = config.center;
    L.circle([lat, lon], { radius: config.radius, color: "#1d4f91", weight: 1, dashArray: "6 4", fill: false, interactive: false }).addTo(placeLayer);
    L.circleMarker([lat, lon], { radius: 6, color: "#0b0c0c", weight: 3, fillColor: "#ffbf47", fillOpacity: 1 })
      .bindTooltip(asText(gettext("Search point"))).addTo(placeLayer);
    if (fit && !savedView()) {
      const bounds = layer.getLayers().length ? layer.getBounds().extend([lat, lon]) : L.latLng(lat, lon).toBounds(config.radius * 2);
      fitResults = () => map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16, animate: false });
      fitResults();
    }
  }
  map.getContainer().dataset.markers = String(markers.size);
}

// ------------------------------------------------------------------------------------------ services in view
function inViewCard(feature, centre) {
  const p = feature.properties;
  const item = document.createElement("li");
  item.className = "result";
  item.id = `in-view-${feature.id}`;
  item.dataset.id = feature.id;
  item.tabIndex = -1;
  const head = document.createElement("div");
  head.className = "result__head";
  const name = document.createElement("a");
  name.className = "result__name";
  name.href = detailUrl(config, p.service_id);
  name.textContent = p.name;
  head.append(name);
  const org = document.createElement("div");
  org.className = "result__org";
  org.textContent = p.organization;
  const meta = document.createElement("div");
  meta.className = "result__meta";
  const tag = openTag(p);
  if (tag) meta.append(tag);
  const hours = document.createElement("span");
  hours.className = "result__hours";
  hours.textContent = hoursText(p);
  meta.append(hours);
  const foot = document.createElement("div");
  foot.className = "result__foot";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "link-button show-on-map";
  button.textContent = gettext("Show on map");
  button.addEventListener("click", () => showOnMap(feature.id));
  foot.append(button);
  item.append(head, org, meta, foot);
  item.addEventListener("mouseenter", () => highlight(feature.id));
  item.dataset.distance = String(centre.distanceTo(L.latLng(feature.geometry.coordinates[1], feature.geometry.coordinates[0])));
  return item;
}

function listInView(answer) {
  const list = document.getElementById("in-view-list");
  const count = document.getElementById("in-view-count");
  if (!list) return;
  const centre = theMap.getCenter();
  const total = answer.features.reduce((sum, f) => sum + (f.properties.cluster ? f.properties.count : 1), 0);
  let text = interpolate(ngettext("%s service in view.", "%s services in view.", total), [total.toLocaleString(document.documentElement.lang || "el")]);
  if (answer.clustered) {
    text += ` ${gettext("Zoom in, or choose a place, to list them.")}`;
    list.replaceChildren();
  } else {
    const cards = answer.features.map((feature) => inViewCard(feature, centre));
    cards.sort((a, b) => Number(a.dataset.distance) - Number(b.dataset.distance));
    if (cards.length > IN_VIEW_LIMIT) text += ` ${interpolate(gettext("The %s nearest to the centre of the map:"), [IN_VIEW_LIMIT])}`;
    list.replaceChildren(...cards.slice(0, IN_VIEW_LIMIT));
  }
  if (total === 0) text += ` ${gettext("Move the map, or untick some filters.")}`;
  count.textContent = text;
}

// ------------------------------------------------------------------------------------------ search tools
function enablePicking(map) {
  const button = document.getElementById("pick-on-map");
  const container = map.getContainer();
  button.addEventListener("click", () => {
    const on = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", String(on));
    container.classList.toggle("is-picking", on);
    if (on) showView("map");
  });
  map.on("click", (event) => {
    if (button.getAttribute("aria-pressed") !== "true") return;
    searchAt(event.latlng.lat, event.latlng.lng);
  });
}

function searchAt(lat, lon) {
  form.elements.lat.value = lat.toFixed(5);
  form.elements.lon.value = lon.toFixed(5);
  form.elements.place.value = "";
  form.requestSubmit();
}

function enableNearMe() {
  const button = document.getElementById("near-me");
  const error = document.getElementById("near-me-error");
  if (!("geolocation" in navigator)) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    button.disabled = true;
    error.hidden = true;
    // The position goes only into this search's URL, like a typed place; nothing keeps it.
    navigator.geolocation.getCurrentPosition(
      (position) => searchAt(position.coords.latitude, position.coords.longitude),
      () => {
        button.disabled = false;
        error.hidden = false;
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 60000 },
    );
  });
}

function linkList() {
  document.querySelectorAll("#result-list .show-on-map").forEach((button) => {
    button.addEventListener("click", () => showOnMap(button.dataset.id));
  });
  document.querySelectorAll("#result-list .result").forEach((row) => {
    row.addEventListener("mouseenter", () => highlight(row.dataset.id));
  });
}

function suggestPlaces() {
  // Suggestions come from our own gazetteer only; the external geocoder is asked only when the form is submitted.
  const input = form.elements.place;
  const list = document.getElementById("place-suggestions");
  const language = document.documentElement.lang || "el";
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
      const params = new URLSearchParams({ q: input.value.trim(), limit: "8", suggest: "true", lang: language });
      const response = await fetch(`${config.geocodeUrl}?${params}`);
      if (!response.ok) return;
      candidates = (await response.json()).results || [];
      list.replaceChildren(...candidates.map((c) => Object.assign(document.createElement("option"), { value: c.label })));
    }, 200);
  });
}

// With a place, a filter change searches again without leaving the page: the server renders the same page, and
// its results and map data replace these (the URL keeps the state; a failure falls back to a normal search).
let searching = null;
async function searchInPlace() {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form)) if (value !== "" && name !== "csrfmiddlewaretoken") params.append(name, value);
  const url = `${form.action}?${params}`;
  const request = (searching = fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" }));
  let doc = null;
  try {
    const response = await request;
    if (request !== searching) return; // a later change has started its own search
    if (response.ok) doc = new DOMParser().parseFromString(await response.text(), "text/html");
  } catch {
    doc = null;
  }
  const results = doc && doc.getElementById("results");
  const data = doc && doc.getElementById("map-config");
  if (!results || !data) {
    form.submit();
    return;
  }
  document.getElementById("results").replaceWith(document.adoptNode(results));
  Object.assign(config, JSON.parse(data.textContent));
  window.history.replaceState(null, "", url);
  saveView(theMap);
  saveFilters();
  drawResults(theMap, { fit: false });
  linkList();
  if (directory) directory.load(filterParams());
  page.dataset.searches = String(Number(page.dataset.searches || 0) + 1);
  document.dispatchEvent(new CustomEvent("results:replaced"));
}

function watchFilters() {
  const filters = document.getElementById("filters");
  document.getElementById("close-filters").addEventListener("click", () => {
    filters.open = false;
    filters.querySelector("summary").focus();
  });
  form.querySelectorAll(".filters input, .filters select").forEach((input) => {
    if (input.name === "q") return;
    input.addEventListener("change", () => {
      if (hasPlace()) {
        searchInPlace();
        return;
      }
      if (form.elements.lat.value || form.elements.place.value) {
        form.requestSubmit();
        return;
      }
      saveFilters();
      if (directory) directory.load(filterParams());
    });
  });
  form.addEventListener("submit", (event) => {
    // Without a place, "Apply filters" only redraws the map; with one, the page searches again.
    if (hasPlace() && event.submitter && event.submitter.closest(".filters")) {
      event.preventDefault();
      searchInPlace();
      filters.open = false;
      return;
    }
    if (!form.elements.place.value.trim() && !form.elements.lat.value && event.submitter && event.submitter.closest(".filters")) {
      event.preventDefault();
      saveFilters();
      if (directory) directory.load(filterParams());
      filters.open = false;
    }
  });
}

async function drawAreas(map) {
  const response = await fetch(`${config.areasUrl}?level=community`);
  if (!response.ok) return;
  const layer = L.geoJSON(await response.json(), {
    style: { color: "#505a5f", weight: 1.5, fill: false },
    interactive: false,
  }).addTo(map);
  layer.bringToBack();
  map.getContainer().dataset.areasLoaded = String(layer.getLayers().length);
}

window.addEventListener("map:init", (event) => {
  const map = event.detail.map;
  theMap = map;
  mapShown = page.dataset.view === "map" || window.matchMedia("(min-width: 641px)").matches;
  const view = savedView();
  if (view) map.setView([view.lat, view.lon], view.zoom);
  drawAreas(map);
  directory = new DirectoryLayer(map, config, { onLoad: (answer) => (hasPlace() ? null : listInView(answer)) });
  drawResults(map);
  legendControl(config.committees, directory.colours).addTo(map);
  map.on("moveend", () => {
    saveView(map);
    directory.load(filterParams());
  });
  directory.load(filterParams());
  enablePicking(map);
  linkList();
});
setUpSwitch();
enableNearMe();
suggestPlaces();
watchFilters();
