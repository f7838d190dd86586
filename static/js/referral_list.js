// The referral list: the services a caseworker collects for one client, kept in this browser's localStorage only
// (never sent to or stored on the server: it is about a client). "Add to referral" buttons ([data-referral-add],
// rendered hidden so they only appear where this module runs) on search results and service pages, and the list
// page /referral/ ([data-items]) that prints them on one sheet.
const KEY = "geo_accmr.referral_list";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX = 10;

function load() {
  try {
    const items = JSON.parse(localStorage.getItem(KEY) || "[]");
    return Array.isArray(items) ? items.filter((i) => i && UUID.test(i.id)).slice(0, MAX) : [];
  } catch {
    return [];
  }
}

function save(items) {
  localStorage.setItem(KEY, JSON.stringify(items));
  render();
}

function syncButton(button, items) {
  const listed = items.some((i) => i.id === button.dataset.referralAdd);
  const full = !listed && items.length >= MAX;
  button.hidden = false;
  button.setAttribute("aria-pressed", String(listed));
  button.textContent = listed ? button.dataset.labelAdded : full ? button.dataset.labelFull : button.dataset.labelAdd;
  button.disabled = full;
}

function renderList(container, items) {
  const list = container.querySelector("[data-items]");
  list.replaceChildren(
    ...items.map((item) => {
      const li = document.createElement("li");
      const link = document.createElement("a");
      link.href = item.url;
      link.textContent = item.name;
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "button button--secondary referral-list__remove";
      remove.textContent = container.dataset.labelRemove;
      remove.setAttribute("aria-label", `${container.dataset.labelRemove}: ${item.name}`);
      remove.addEventListener("click", () => save(load().filter((i) => i.id !== item.id)));
      li.append(link, " ", remove);
      return li;
    }),
  );
  container.querySelector("[data-empty]").hidden = items.length > 0;
  const form = container.querySelector("[data-form]");
  form.hidden = items.length === 0;
  form.querySelector("[data-services]").value = items.map((i) => i.id).join(",");
}

function render() {
  const items = load();
  for (const button of document.querySelectorAll("[data-referral-add]")) syncButton(button, items);
  for (const counter of document.querySelectorAll("[data-referral-count]")) counter.textContent = String(items.length);
  const container = document.getElementById("referral-list");
  if (container) renderList(container, items);
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-referral-add]");
  if (!button) return;
  const items = load();
  const id = button.dataset.referralAdd;
  if (items.some((i) => i.id === id)) save(items.filter((i) => i.id !== id));
  else if (items.length < MAX) save([...items, { id, name: button.dataset.name, url: button.dataset.url }]);
});
document.getElementById("referral-list")?.querySelector("[data-clear]")?.addEventListener("click", () => save([]));
// another tab changed the list; search results replaced in place bring new buttons
window.addEventListener("storage", (event) => event.key === KEY && render());
new MutationObserver(() => {
  if (document.querySelector("[data-referral-add][hidden]")) render();
}).observe(document.body, { childList: true, subtree: true });
render();
