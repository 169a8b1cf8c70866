// Glossary terms: a term's definition beside its link, on hover and on keyboard focus.
// The definitions are in the page (written at build time from this edition's glossary).
"use strict";
(() => {
  const data = document.getElementById("densebook-terms");
  if (!data) return;
  const definitions = JSON.parse(data.textContent);
  const tip = document.createElement("div");
  tip.id = "densebook-term-tip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  document.body.append(tip);
  let current = null;
  const hide = () => {
    if (current) current.removeAttribute("aria-describedby");
    current = null;
    tip.hidden = true;
  };
  const show = (link) => {
    const text = definitions[decodeURIComponent(link.hash.slice(1))];
    if (!text) return;
    current = link;
    tip.textContent = text;
    tip.hidden = false;
    link.setAttribute("aria-describedby", tip.id);
    const box = link.getBoundingClientRect();
    const page = document.documentElement.clientWidth;
    const left = Math.min(box.left, page - tip.offsetWidth - 8);
    tip.style.left = `${window.scrollX + Math.max(8, left)}px`;
    tip.style.top = `${window.scrollY + box.bottom + 6}px`;
  };
  for (const link of document.querySelectorAll('a[href*="glossary.html#term-"]')) {
    link.addEventListener("mouseenter", () => show(link));
    link.addEventListener("focus", () => show(link));
    link.addEventListener("mouseleave", hide);
    link.addEventListener("blur", hide);
  }
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape") hide();
  });
})();
