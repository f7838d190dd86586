// Caseworker map: a caseworker can mark a search "no suitable service"; it is counted as unmet need only when the
// button is pressed, once per search (reloading or sharing the page counts nothing). Only the filters and the search point go to the server, which keeps the
// covering areas and the week — never the point itself, never anything about the client.
// The search page may replace its results (and this button) without a reload: it then calls setUp() again
// through the "results:replaced" event.

function csrfToken() {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

async function record(box, reason) {
  const search = new URLSearchParams(window.location.search);
  const body = {
    lat: Number(box.dataset.lat),
    lon: Number(box.dataset.lon),
    reason,
    category: search.getAll("category"),
    language: search.getAll("language"),
    audience: search.getAll("audience"),
  };
  const response = await fetch(box.dataset.url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
    credentials: "same-origin",
    body: JSON.stringify(body),
  });
  if (response.ok) {
    document.getElementById("unmet-need-done").hidden = false;
    box.dataset.recorded = reason;
  }
  return response.ok;
}

function setUp() {
  const box = document.getElementById("unmet-need");
  if (!box) return;
  const button = document.getElementById("unmet-need-button");
  // the search is its filters and its point: the map's view (`map=`, rewritten as the map pans) is not part of it
  const search = new URLSearchParams(window.location.search);
  search.delete("map");
  search.sort();
  const key = `unmet-need:${search}`;
  if (window.sessionStorage.getItem(key)) {
    button.disabled = true;
    document.getElementById("unmet-need-done").hidden = false;
  }
  button.addEventListener("click", async () => {
    button.disabled = true;
    if (await record(box, box.dataset.empty === "true" ? "no_results" : "not_suitable")) window.sessionStorage.setItem(key, "1");
    else button.disabled = false;
  });
}

setUp();
document.addEventListener("results:replaced", setUp);
