// Tooltip and popup content from data. Leaflet puts a string in as HTML, and names are typed by organisation
// editors, so they go in as text: a name like `<img src=x>` shows as those characters, never as markup.
export function asText(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span;
}
