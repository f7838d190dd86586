// A committee's services on a map (workspace and monthly report): the search page's map layer (/api/map/ with the
// committee's category: server-side clusters, or points coloured by committee), Athens' communities for context.
import { DirectoryLayer, legendControl } from "./search_layer.js";

const config = JSON.parse(document.getElementById("map-config").textContent);

async function drawCommunities(map) {
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
  map.setView(config.center, config.zoom);
  const directory = new DirectoryLayer(map, config, { onLoad: () => null });
  // every point here is one of this committee's services: all in its colour (search colours by the first category)
  const colour = directory.colours.get(config.category);
  directory.colours.get = () => colour;
  // the report's small, printed map needs no legend: every point is this committee's
  if (!map.getContainer().closest(".committee-map--report")) {
    legendControl(config.committees.filter((c) => c.code === config.category), directory.colours).addTo(map);
  }
  drawCommunities(map);
  map.on("moveend", () => directory.load({ category: config.category }));
  directory.load({ category: config.category });
});

const printButton = document.getElementById("print-button");
if (printButton) printButton.addEventListener("click", () => window.print());
