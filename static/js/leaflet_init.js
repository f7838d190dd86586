// Starts the maps that {% leaflet_map %} announces (templates/leaflet/_leaflet_map.html), as django-leaflet's own
// inline script would: our Content Security Policy allows no inline script. A classic script, so it runs before
// the page modules' "map:init" listeners would miss anything (maps start on the window "load" event).
(function () {
  "use strict";

  function start(template) {
    const name = template.dataset.leafletMap;
    const djoptions = JSON.parse(template.dataset.djoptions);
    const callbackName = template.dataset.callback;
    const callback = callbackName ? callbackName.split(".").reduce((scope, key) => scope && scope[key], window) : null;
    function loadmap() {
      L.Map.djangoMap(name, { djoptions: djoptions, initfunc: loadmap, globals: false, callback: callback || null });
    }
    const events = JSON.parse(template.dataset.loadevents || "[]");
    if (events.length === 0) {
      loadmap();
    } else {
      events.forEach((event) => window.addEventListener(event, loadmap, { once: true }));
    }
  }

  // One short line of credits on every map, so it covers no marker: a link to the page footer's full credits (each
  // data licence's attribution, by a link as CC BY allows), and the tile layer's own "© OpenStreetMap contributors".
  window.addEventListener("map:init", function (event) {
    const credits = document.getElementById("data-credits");
    const control = event.detail.map.attributionControl;
    if (!credits || !control) return;
    const link = document.createElement("a");
    link.href = "#data-credits";
    link.textContent = credits.dataset.mapLabel;
    control.setPrefix(link.outerHTML);
  });

  function startAll() {
    document.querySelectorAll("template[data-leaflet-map]").forEach(start);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll, { once: true });
  } else {
    startAll();
  }
})();
