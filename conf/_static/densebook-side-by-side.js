// Side by side (Chinese pages): a switch that shows each paragraph's English original
// under its translation. Off at first; the choice is remembered in this browser. The
// originals are fetched, from the file the edition switch names, only when first shown.
"use strict";
(() => {
  const place = document.querySelector("p.edition-switch[data-originals]");
  const marked = document.querySelectorAll("p.densebook-has-original");
  if (!place || !marked.length) return;
  const key = "densebook-side-by-side";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "densebook-side-by-side";
  button.textContent = "中英對照";
  button.title = "在每段中文下方顯示英文原文";
  let originals = null;
  const load = async () => {
    const response = await fetch(place.dataset.originals);
    if (!response.ok) throw new Error(`${response.status} ${response.url}`);
    const list = await response.json();
    if (list.length !== marked.length) throw new Error("originals do not match the page");
    originals = list.map((html, index) => {
      const original = document.createElement("p");
      original.className = "densebook-original";
      original.lang = "en";
      original.innerHTML = html; // written by the site's own build
      marked[index].after(original);
      return original;
    });
  };
  const show = async (on) => {
    button.setAttribute("aria-pressed", String(on));
    if (on && !originals) {
      try {
        await load();
      } catch (error) {
        button.setAttribute("aria-pressed", "false");
        button.disabled = true;
        button.title = "無法載入英文原文";
        console.error(error);
        return;
      }
    }
    for (const original of originals || []) original.hidden = !on;
  };
  const remember = (on) => {
    try {
      window.localStorage.setItem(key, on ? "on" : "off");
    } catch (error) {
      // storage refused (private browsing, blocked cookies): nothing is remembered
    }
  };
  let stored = null;
  try {
    stored = window.localStorage.getItem(key);
  } catch (error) {
    // as above: start off
  }
  button.setAttribute("aria-pressed", "false");
  button.addEventListener("click", () => {
    const on = button.getAttribute("aria-pressed") !== "true";
    remember(on);
    show(on);
  });
  place.append(" · ", button);
  if (stored === "on") show(true);
})();
