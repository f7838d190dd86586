// Planner dashboard: a choropleth of the chosen indicator with quantile class breaks and a legend, the grid cells
// that are far from any matching service, a sortable table, CSV download, a two-sided comparison and unmet need.
// Every choice lives in the form and in the URL, so a view can be bookmarked and shared.
import { classBreaks } from "./coverage_classes.js";

const config = JSON.parse(document.getElementById("coverage-config").textContent);
const form = document.getElementById("coverage-form");
const gettext = window.gettext || ((text) => text);
const interpolate = window.interpolate || ((fmt, args) => fmt.replace(/%s/g, () => args.shift()));
const language = document.documentElement.lang || "el";
const numberFormat = new Intl.NumberFormat(language === "el" ? "el-GR" : "en-GB", { maximumFractionDigits: 1 });
const percentFormat = new Intl.NumberFormat(language === "el" ? "el-GR" : "en-GB", { style: "percent", maximumFractionDigits: 0 });
// Where two class breaks round to the same figure ("1,8 km – 1,8 km"), the legend shows that class more finely.
const fineFormat = new Intl.NumberFormat(language === "el" ? "el-GR" : "en-GB", { maximumFractionDigits: 3 });
const finePercentFormat = new Intl.NumberFormat(language === "el" ? "el-GR" : "en-GB", { style: "percent", maximumFractionDigits: 2 });

// Higher is better for these (blue); higher is worse for the others (orange-red).
const GOOD_WHEN_HIGH = new Set(["services", "per_10k", "per_km2"]);
const BLUES = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];
const REDS = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"];
const NO_DATA = "#d9d9d9";
const INDICATOR_LABELS = {
  services: gettext("Services in the area"),
  per_10k: gettext("Services per 10,000 residents"),
  per_km2: gettext("Services per km²"),
  median_nearest_m: gettext("Median distance to the nearest service"),
  share_beyond_1km: gettext("Share of the area farther than 1 km"),
  share_beyond: gettext("Share of the area farther than the chosen distance"),
  ending_soon: gettext("Services ending soon (service cliffs)"),
  unmet_need: gettext("Unmet need (searches that found nothing)"),
};

const nameOf = (row) => (language === "en" ? row.name_en : row.name_el) || row.name;
const state = { rows: [], sortKey: null, sortDir: 1, map: null, areaLayer: null, cellLayer: null, legend: null, request: 0 };
const areaCache = new Map();

function format(key, value) {
  if (value === null || value === undefined) return "—";
  if (key.startsWith("share")) return percentFormat.format(value);
  if (key === "median_nearest_m") return value >= 1000 ? `${numberFormat.format(value / 1000)} km` : `${Math.round(value)} m`;
  return numberFormat.format(value);
}

function formatFine(key, value) {
  if (key.startsWith("share")) return finePercentFormat.format(value);
  if (key === "median_nearest_m") return `${fineFormat.format(Math.round(value))} m`;
  return fineFormat.format(value);
}

function rangeLabel(key, lower, upper) {
  const [from, to] = [format(key, lower), format(key, upper)];
  return from === to ? `${formatFine(key, lower)} – ${formatFine(key, upper)}` : `${from} – ${to}`;
}

function params() {
  const data = new FormData(form);
  const out = new URLSearchParams();
  const level = data.get("level");
  let city = data.get("city");
  if (level !== "municipality") city = config.athens; // communities and neighbourhoods exist for Athens only
  out.set("level", level);
  if (city === "cni") out.set("cni_member", "true");
  else if (city) out.set("city", city);
  for (const key of ["category", "language", "audience"]) if (data.get(key)) out.set(key, data.get(key));
  out.set("beyond_m", data.get("beyond_m"));
  const horizon = Number.parseInt(data.get("horizon_days"), 10);
  if (horizon >= 1 && horizon <= 730) out.set("horizon_days", String(horizon));
  return out;
}

function syncUrl() {
  const url = new URL(window.location.href);
  url.search = new URLSearchParams(new FormData(form)).toString();
  window.history.replaceState(null, "", url);
}

function restoreFromUrl() {
  const query = new URLSearchParams(window.location.search);
  for (const [key, value] of query) {
    const field = form.elements[key];
    if (!field) continue;
    if (field.type === "checkbox") field.checked = value === "1";
    else field.value = value;
  }
  if (query.has("level") && !query.has("cells")) form.elements.cells.checked = false;
}

function setStatus(text) {
  document.getElementById("coverage-status").textContent = text;
}

async function fetchJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) {
    const messages = Object.entries(body.errors || {}).map(([field, list]) => `${field}: ${list.join(" ")}`);
    throw new Error(messages.join("; ") || response.statusText);
  }
  return body;
}

async function areas(level) {
  if (!areaCache.has(level)) {
    const simplify = level === "municipality" ? "0.001" : "0.00002";
    areaCache.set(level, fetchJson(`${config.areasUrl}?level=${level}&simplify=${simplify}`));
  }
  return areaCache.get(level);
}

function colourFor(value, breaks, palette) {
  if (value === null || value === undefined) return NO_DATA;
  const index = breaks.findIndex((limit) => value <= limit);
  const position = index === -1 ? breaks.length - 1 : index;
  const step = breaks.length > 1 ? Math.round((position * (palette.length - 1)) / (breaks.length - 1)) : palette.length - 1;
  return palette[step];
}

// On a phone the map is small and a legend inside it would hide the areas it explains: there the legend sits
// under the map (and moves back into the map's corner when the screen widens, e.g. a tablet turned sideways).
const NARROW = window.matchMedia("(max-width: 760px)");

function drawLegend(indicator, breaks, palette) {
  if (state.legend) state.legend.remove(); // a Leaflet control or, under the map, an element: both have remove()
  state.legendArgs = [indicator, breaks, palette];
  const box = legendBox(indicator, breaks, palette);
  if (NARROW.matches) {
    box.classList.add("legend--below");
    state.map.getContainer().after(box);
    state.legend = box;
    return;
  }
  state.legend = L.control({ position: "bottomright" });
  state.legend.onAdd = () => box;
  state.legend.addTo(state.map);
}

NARROW.addEventListener("change", () => {
  if (state.legendArgs) drawLegend(...state.legendArgs);
});

function legendBox(indicator, breaks, palette) {
  const div = L.DomUtil.create("div", "legend");
  div.id = "coverage-legend";
  const title = document.createElement("h3");
  title.textContent = INDICATOR_LABELS[indicator];
  div.append(title);
  let lower = null;
  breaks.forEach((limit, i) => {
    const line = document.createElement("div");
    const swatch = document.createElement("i");
    swatch.style.background = colourFor(limit, breaks, palette);
    const label = lower === null ? `≤ ${format(indicator, limit)}` : rangeLabel(indicator, lower, limit);
    line.append(swatch, document.createTextNode(label));
    div.append(line);
    lower = limit;
    if (i === breaks.length - 1) line.dataset.last = "true";
  });
  const none = document.createElement("div");
  const swatch = document.createElement("i");
  swatch.style.background = NO_DATA;
  none.append(swatch, document.createTextNode(gettext("No figure")));
  div.append(none);
  if (form.elements.cells.checked) {
    const far = document.createElement("div");
    const hatch = document.createElement("i");
    hatch.className = "legend__far";
    far.append(hatch, document.createTextNode(interpolate(gettext("Farther than %s from such a service"), [format("median_nearest_m", Number(form.elements.beyond_m.value))])));
    div.append(far);
  }
  return div;
}

function tooltip(row, indicator) {
  const lines = [
    `<strong>${escapeHtml(nameOf(row))}</strong>`,
    `${escapeHtml(INDICATOR_LABELS[indicator])}: ${format(indicator, row[indicator])}`,
    `${escapeHtml(gettext("Services"))}: ${format("services", row.services)}`,
    `${escapeHtml(gettext("Median distance"))}: ${format("median_nearest_m", row.median_nearest_m)}`,
  ];
  if (row.population === null) lines.push(`<em>${escapeHtml(gettext("No population figure"))}</em>`);
  return lines.join("<br>");
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

async function drawChoropleth(table) {
  const indicator = form.elements.indicator.value;
  const byCode = new Map(table.rows.map((row) => [row.code, row]));
  const geo = await areas(table.level);
  const palette = GOOD_WHEN_HIGH.has(indicator) ? BLUES : REDS;
  const breaks = classBreaks(table.rows.map((row) => row[indicator]));
  if (state.areaLayer) state.areaLayer.remove();
  state.areaLayer = L.geoJSON(geo, {
    filter: (feature) => byCode.has(feature.properties.code),
    style: (feature) => ({
      color: "#333",
      weight: 0.8,
      fillOpacity: 0.75,
      fillColor: colourFor(byCode.get(feature.properties.code)[indicator], breaks, palette),
    }),
    onEachFeature: (feature, layer) => {
      const row = byCode.get(feature.properties.code);
      layer.bindTooltip(tooltip(row, indicator), { sticky: true });
      layer.on("click", () => highlightRow(row.code));
    },
  }).addTo(state.map);
  state.areaLayer.bringToBack();
  if (state.areaLayer.getLayers().length) state.map.fitBounds(state.areaLayer.getBounds(), { padding: [10, 10] });
  drawLegend(indicator, breaks, palette);
  const container = state.map.getContainer();
  container.dataset.areas = String(state.areaLayer.getLayers().length);
  container.dataset.level = table.level;
  container.dataset.indicator = indicator;
}

async function drawCells(query) {
  if (state.cellLayer) state.cellLayer.remove();
  state.cellLayer = null;
  const container = state.map.getContainer();
  if (!form.elements.cells.checked) {
    container.dataset.cells = "0";
    return;
  }
  const cells = await fetchJson(`${config.cellsUrl}?${query}`);
  state.cellLayer = L.geoJSON(cells, {
    style: { color: "#6a1b9a", weight: 0.5, fillColor: "#6a1b9a", fillOpacity: 0.45 },
    onEachFeature: (feature, layer) => {
      const d = feature.properties.nearest_m;
      layer.bindTooltip(d === null ? gettext("No such service anywhere") : interpolate(gettext("Nearest such service: %s"), [format("median_nearest_m", d)]));
    },
  }).addTo(state.map);
  container.dataset.cells = String(cells.features.length);
}

function renderTotals(table) {
  const totals = table.totals;
  const list = document.getElementById("coverage-totals");
  const items = [
    [gettext("Areas"), numberFormat.format(totals.areas)],
    [gettext("Services"), format("services", totals.services)],
    [gettext("Population"), format("population", totals.population)],
    [gettext("Per 10,000 residents"), format("per_10k", totals.per_10k)],
    [gettext("Per km²"), format("per_km2", totals.per_km2)],
    [gettext("Median distance"), format("median_nearest_m", totals.median_nearest_m)],
    [gettext("Farther than 1 km"), format("share_beyond_1km", totals.share_beyond_1km)],
    // the chosen distance, unless it is 1 km: the line above says that already
    ...(table.beyond_m === 1000 ? [] : [[interpolate(gettext("Farther than %s"), [format("median_nearest_m", table.beyond_m)]), format("share_beyond", totals.share_beyond)]]),
    [interpolate(gettext("Ending within %s days"), [String(table.horizon_days)]), format("ending_soon", totals.ending_soon)],
    [gettext("Unmet need"), format("unmet_need", totals.unmet_need)],
  ];
  list.replaceChildren(...items.flatMap(([term, value]) => [Object.assign(document.createElement("dt"), { textContent: term }), Object.assign(document.createElement("dd"), { textContent: value })]));
  document.getElementById("population-note").hidden = table.population_known;
}

const ALL_TABLE_KEYS = ["name", "population", "services", "per_10k", "per_km2", "median_nearest_m", "share_beyond_1km", "share_beyond", "ending_soon", "unmet_need"];
let TABLE_KEYS = ALL_TABLE_KEYS;

// The "farther than the chosen distance" column is named after that distance, and left out when it is 1 km.
function chosenDistanceColumn(beyondMetres) {
  const th = document.querySelector('#coverage-table button[data-sort="share_beyond"]').parentElement;
  th.hidden = beyondMetres === 1000;
  th.querySelector("button").textContent = interpolate(gettext("Farther than %s"), [format("median_nearest_m", beyondMetres)]);
  TABLE_KEYS = th.hidden ? ALL_TABLE_KEYS.filter((key) => key !== "share_beyond") : ALL_TABLE_KEYS;
}

// Worst first until the planner sorts by a column: least served (few services) or farthest (distances, shares).
function sortWorstFirst(indicator) {
  if (state.sortChosen || !ALL_TABLE_KEYS.includes(indicator)) return;
  state.sortKey = indicator;
  state.sortDir = GOOD_WHEN_HIGH.has(indicator) ? 1 : -1;
}

function renderTable() {
  const rows = [...state.rows];
  if (state.sortKey) {
    const key = state.sortKey;
    rows.sort((a, b) => {
      const x = a[key];
      const y = b[key];
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      return (typeof x === "string" ? x.localeCompare(y, language) : x - y) * state.sortDir;
    });
  }
  const body = document.querySelector("#coverage-table tbody");
  body.replaceChildren(
    ...rows.map((row) => {
      const tr = document.createElement("tr");
      tr.dataset.code = row.code;
      for (const key of TABLE_KEYS) {
        const cell = document.createElement(key === "name" ? "th" : "td");
        if (key === "name") cell.scope = "row";
        cell.textContent = key === "name" ? nameOf(row) : format(key, row[key]);
        if (key !== "name") cell.className = row[key] === null ? "num missing" : "num";
        tr.append(cell);
      }
      return tr;
    }),
  );
  document.querySelectorAll("#coverage-table th[data-sort], #coverage-table thead th").forEach((th) => th.removeAttribute("aria-sort"));
  if (state.sortKey) {
    const th = document.querySelector(`#coverage-table button[data-sort="${state.sortKey}"]`).parentElement;
    th.setAttribute("aria-sort", state.sortDir === 1 ? "ascending" : "descending");
  }
}

function highlightRow(code) {
  document.querySelectorAll("#coverage-table tr.is-active").forEach((tr) => tr.classList.remove("is-active"));
  const tr = document.querySelector(`#coverage-table tr[data-code="${CSS.escape(code)}"]`);
  if (tr) {
    tr.classList.add("is-active");
    tr.scrollIntoView({ block: "nearest" });
  }
}

function enableSorting() {
  document.querySelectorAll("#coverage-table button[data-sort]").forEach((button) => {
    button.addEventListener("click", () => {
      const key = button.dataset.sort;
      state.sortDir = state.sortKey === key ? -state.sortDir : key === "name" ? 1 : -1;
      state.sortKey = key;
      state.sortChosen = true;
      renderTable();
    });
  });
}

// A code as the form's own select names it (the unmet-need rows carry codes: "health", "ti").
function optionLabel(selectId, code) {
  if (!code) return "—";
  const option = [...document.getElementById(selectId).options].find((candidate) => candidate.value === code);
  return option ? option.textContent.replace(/ — .*$/, "").trim() : code;
}

async function renderUnmet(query) {
  const body = document.querySelector("#unmet-table tbody");
  const data = await fetchJson(`${config.unmetUrl}?${query}`);
  if (!data.rows.length) {
    const tr = document.createElement("tr");
    const td = Object.assign(document.createElement("td"), { colSpan: 5, textContent: gettext("No unmet need recorded in these areas in the last weeks.") });
    tr.append(td);
    body.replaceChildren(tr);
    return;
  }
  body.replaceChildren(
    ...data.rows.map((row) => {
      const tr = document.createElement("tr");
      const labels = [["cov-category", row.category], ["cov-language", row.language], ["cov-audience", row.audience]].map(([id, code]) => optionLabel(id, code));
      for (const value of [nameOf(row), ...labels]) tr.append(Object.assign(document.createElement("td"), { textContent: value }));
      tr.append(Object.assign(document.createElement("td"), { className: "num", textContent: numberFormat.format(row.count) }));
      return tr;
    }),
  );
}

async function load() {
  const request = ++state.request;
  const query = params();
  syncUrl();
  form.elements.city.disabled = form.elements.level.value !== "municipality";
  document.getElementById("csv-link").href = `${config.csvUrl}?${query}`;
  setStatus(gettext("Computing…"));
  state.map.getContainer().dataset.loading = "true";
  try {
    const table = await fetchJson(`${config.coverageUrl}?${query}`);
    if (request !== state.request) return;
    state.rows = table.rows.map((row) => ({ ...row, name: nameOf(row) }));
    renderTotals(table);
    chosenDistanceColumn(table.beyond_m);
    sortWorstFirst(form.elements.indicator.value);
    renderTable();
    await drawChoropleth(table);
    await drawCells(query);
    await renderUnmet(query);
    if (request !== state.request) return;
    setStatus(interpolate(gettext("%s areas."), [String(table.rows.length)]));
    document.getElementById("coverage-table").dataset.rows = String(table.rows.length);
  } catch (error) {
    setStatus(interpolate(gettext("Could not compute the coverage: %s"), [error.message]));
  } finally {
    if (request === state.request) state.map.getContainer().dataset.loading = "false";
  }
}

function compareFigures(table) {
  const t = table.totals;
  return {
    services: t.services,
    population: t.population,
    per_10k: t.per_10k,
    per_km2: t.per_km2,
    median_nearest_m: t.median_nearest_m,
    share_beyond_1km: t.share_beyond_1km,
    ending_soon: t.ending_soon,
    unmet_need: t.unmet_need,
  };
}

function enableComparison() {
  const compareForm = document.getElementById("compare-form");
  compareForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const sides = ["A", "B"].map((side) => {
      const query = new URLSearchParams({ level: "municipality", city: compareForm.elements[`city${side}`].value });
      const category = compareForm.elements[`category${side}`].value;
      if (category) query.set("category", category);
      const label = `${compareForm.elements[`city${side}`].selectedOptions[0].textContent.replace(" ★", "")} · ${compareForm.elements[`category${side}`].selectedOptions[0].textContent}`;
      return { query, label };
    });
    const table = document.getElementById("compare-table");
    try {
      const [a, b] = await Promise.all(sides.map((side) => fetchJson(`${config.coverageUrl}?${side.query}`)));
      document.getElementById("compare-a").textContent = sides[0].label;
      document.getElementById("compare-b").textContent = sides[1].label;
      const fa = compareFigures(a);
      const fb = compareFigures(b);
      const labels = { population: gettext("Population"), ...INDICATOR_LABELS, share_beyond_1km: gettext("Share of the area farther than 1 km") };
      table.querySelector("tbody").replaceChildren(
        ...Object.keys(fa).map((key) => {
          const tr = document.createElement("tr");
          tr.append(Object.assign(document.createElement("th"), { scope: "row", textContent: labels[key] }));
          tr.append(Object.assign(document.createElement("td"), { className: "num", textContent: format(key, fa[key]) }));
          tr.append(Object.assign(document.createElement("td"), { className: "num", textContent: format(key, fb[key]) }));
          return tr;
        }),
      );
      table.hidden = false;
    } catch (error) {
      setStatus(interpolate(gettext("Could not compare: %s"), [error.message]));
    }
  });
}

window.addEventListener("map:init", (event) => {
  state.map = event.detail.map;
  // fitBounds stops at a zoom that is a multiple of zoomSnap: whole levels left the areas in as little as a quarter
  // of the frame; quarter levels let them fill it (tiles are scaled a little between levels)
  state.map.options.zoomSnap = 0.25;
  restoreFromUrl();
  enableSorting();
  enableComparison();
  // Municipalities of one city are one row: moving to that level shows the Cities Network instead.
  form.elements.level.addEventListener("change", () => {
    if (form.elements.level.value === "municipality" && form.elements.city.value === config.athens) form.elements.city.value = "cni";
  });
  form.addEventListener("change", () => load());
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    load();
  });
  load();
});
