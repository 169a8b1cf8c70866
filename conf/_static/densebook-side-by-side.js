// Side by side (Chinese pages): a switch that shows each paragraph's English original
// under its translation. Off at first; the choice is remembered in this browser.
"use strict";
(() => {
  const originals = document.querySelectorAll("p.densebook-original");
  const place = document.querySelector("p.edition-switch");
  if (!originals.length || !place) return;
  const key = "densebook-side-by-side";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "densebook-side-by-side";
  button.textContent = "中英對照";
  button.title = "在每段中文下方顯示英文原文";
  const show = (on) => {
    button.setAttribute("aria-pressed", String(on));
    for (const original of originals) original.hidden = !on;
  };
  let stored = null;
  try {
    stored = window.localStorage.getItem(key);
  } catch (error) {
    // storage refused (private browsing, blocked cookies): start off, remember nothing
  }
  show(stored === "on");
  button.addEventListener("click", () => {
    const on = button.getAttribute("aria-pressed") !== "true";
    show(on);
    try {
      window.localStorage.setItem(key, on ? "on" : "off");
    } catch (error) {
      // as above
    }
  });
  place.append(" · ", button);
})();
