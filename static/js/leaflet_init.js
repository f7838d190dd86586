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

  function startAll() {
    document.querySelectorAll("template[data-leaflet-map]").forEach(start);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll, { once: true });
  } else {
    startAll();
  }
})();
