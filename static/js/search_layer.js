// The directory on the caseworker map: what /api/map/ answers for the view (server-side clusters with their
// counts, or points coloured by committee), a legend, and popups built from DOM nodes (names are typed by
// organisation editors, so they always go in as text).
const gettext = window.gettext || ((text) => text);

// One colour per committee, in the order of the taxonomy (colour-blind-safe Okabe–Ito palette, darkened for
// contrast against the white marker border).
const PALETTE = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8a6d00", "#56b4e9", "#6f6f6f"];

export function committeeColours(committees) {
  const colours = new Map();
  committees.forEach((committee, index) => colours.set(committee.code, PALETTE[index % PALETTE.length]));
  return colours;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

export function hoursText(properties) {
  if (properties.hours_today && properties.hours_today.length) {
    return `${gettext("Open today")} ${properties.hours_today.join(", ")}`;
  }
  if (properties.open_now === null || properties.open_now === undefined) return gettext("Hours not listed");
  return gettext("Closed today");
}

export function openTag(properties) {
  if (properties.open_now === true) return element("span", "tag tag--open", gettext("Open now"));
  if (properties.open_now === false) return element("span", "tag tag--closed", gettext("Closed now"));
  return null;
}

export function detailUrl(config, serviceId) {
  return config.detailUrl.replace("00000000-0000-0000-0000-000000000000", serviceId);
}

export function popupContent(config, properties) {
  const box = element("div", "map-popup");
  box.append(element("strong", "map-popup__name", properties.name));
  box.append(element("div", "map-popup__org", properties.organization));
  const when = element("div", "map-popup__hours");
  const tag = openTag(properties);
  if (tag) when.append(tag, " ");
  when.append(hoursText(properties));
  box.append(when);
  const link = element("a", "map-popup__link", gettext("Open the service page"));
  link.href = detailUrl(config, properties.service_id);
  box.append(link);
  return box;
}

function clusterIcon(count) {
  const size = count < 10 ? 30 : count < 100 ? 36 : count < 1000 ? 44 : 52;
  const node = element("span", "map-cluster__count", count.toLocaleString(document.documentElement.lang || "el"));
  return L.divIcon({ html: node, className: "map-cluster", iconSize: [size, size] });
}

export function legendControl(committees, colours) {
  // On a phone the attribution fills the bottom of the map: the legend, closed, goes to the top right instead.
  const wide = window.matchMedia("(min-width: 641px)").matches;
  const control = L.control({ position: wide ? "bottomleft" : "topright" });
  control.onAdd = () => {
    const box = element("details", "map-legend");
    box.open = wide;
    box.append(element("summary", null, gettext("Committees")));
    const list = element("ul");
    for (const committee of committees) {
      const item = element("li");
      const swatch = element("span", "map-legend__swatch");
      swatch.style.background = colours.get(committee.code);
      item.append(swatch, committee.name);
      list.append(item);
    }
    const cluster = element("li");
    cluster.append(element("span", "map-legend__swatch map-legend__swatch--cluster"), gettext("Group of services (number)"));
    list.append(cluster);
    box.append(list);
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  return control;
}

// Draws /api/map/ answers for the current view; a newer request supersedes an older one still on its way.
export class DirectoryLayer {
  constructor(map, config, { onLoad }) {
    this.map = map;
    this.config = config;
    this.onLoad = onLoad;
    this.colours = committeeColours(config.committees);
    this.layer = L.layerGroup().addTo(map);
    this.renderer = L.canvas({ padding: 0.5 });
    this.points = new Map();
    this.controller = null;
  }

  async load(filterParams) {
    const bounds = this.map.getBounds();
    const clamp = (value, limit) => Math.max(-limit, Math.min(limit, value));
    const bbox = [
      clamp(bounds.getWest(), 180), clamp(bounds.getSouth(), 90), clamp(bounds.getEast(), 180), clamp(bounds.getNorth(), 90),
    ].map((value) => value.toFixed(5));
    const params = new URLSearchParams(filterParams);
    params.set("bbox", bbox.join(","));
    params.set("zoom", String(Math.round(this.map.getZoom())));
    params.set("lang", document.documentElement.lang === "en" ? "en" : "el");  // names in the page's language
    if (this.controller) this.controller.abort();
    this.controller = new AbortController();
    const container = this.map.getContainer();
    container.dataset.mapLoading = "true";
    let answer;
    try {
      const response = await fetch(`${this.config.mapUrl}?${params}`, { signal: this.controller.signal });
      if (!response.ok) return;
      answer = await response.json();
    } catch (error) {
      if (error.name === "AbortError") return;
      throw error;
    }
    this.draw(answer);
    container.dataset.mapLoading = "false";
    this.onLoad(answer);
  }

  draw(answer) {
    this.layer.clearLayers();
    this.points.clear();
    let clusters = 0;
    let total = 0;
    for (const feature of answer.features) {
      const [lon, lat] = feature.geometry.coordinates;
      const properties = feature.properties;
      if (properties.cluster) {
        clusters += 1;
        total += properties.count;
        const marker = L.marker([lat, lon], {
          icon: clusterIcon(properties.count),
          keyboard: true,
          title: gettext("Zoom in to this group"),
        });
        marker.on("click", () => this.map.setView([lat, lon], Math.min(this.map.getZoom() + 2, this.map.getMaxZoom())));
        marker.addTo(this.layer);
      } else {
        total += 1;
        const marker = L.circleMarker([lat, lon], {
          renderer: this.renderer,
          radius: 7,
          color: "#ffffff",
          weight: 2,
          fillColor: this.colours.get(properties.committee) || PALETTE[PALETTE.length - 1],
          fillOpacity: 1,
        }).bindPopup(() => popupContent(this.config, properties));
        marker.addTo(this.layer);
        this.points.set(String(feature.id), marker);
      }
    }
    const container = this.map.getContainer();
    container.dataset.mapClusters = String(clusters);
    container.dataset.mapPoints = String(this.points.size);
    container.dataset.mapCount = String(total);
  }

  open(id) {
    const marker = this.points.get(String(id));
    if (marker) marker.openPopup();
    return Boolean(marker);
  }
}
