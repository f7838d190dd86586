// The header's menu button on narrow screens: shows and hides the navigation, account and language links.
// Without this script the button stays hidden and the links simply wrap.
const header = document.querySelector(".site-header");
const button = header?.querySelector(".site-header__menu-button");
if (header && button) {
  header.classList.add("site-header--collapsible");
  button.hidden = false;
  const setOpen = (open) => {
    button.setAttribute("aria-expanded", String(open));
    header.toggleAttribute("data-menu-open", open);
  };
  button.addEventListener("click", () => setOpen(button.getAttribute("aria-expanded") !== "true"));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
}
