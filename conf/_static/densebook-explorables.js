// densebook's explorables: each reads the data its page's execution wrote (Keras's numbers)
// and shows results from it; nothing is fetched, nothing comes from another host.
"use strict";
(() => {
  const f32 = Math.fround;
  // The shortest decimal that reads back as this float32.
  const show = (v) => {
    for (let p = 1; p < 10; p++) {
      const s = +v.toPrecision(p);
      if (f32(s) === v) return String(s);
    }
    return String(v);
  };
  const tuple = (s) => "(" + s.join(", ") + (s.length === 1 ? ",)" : ")");
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => values[k]);
  // A reader's change fires "input" (typing, sliding) or "change" (a select): redraw on both.
  const listen = (root, update) => {
    for (const type of ["input", "change"]) root.addEventListener(type, update);
  };
  const span = (text, className) => {
    const s = document.createElement("span");
    s.textContent = text;
    if (className) s.className = className;
    return s;
  };

  // The post's layer, live: call it, change x and b, focus a connection.
  function diagram(root, data, words) {
    const K = data.kernel, n = K.length, u = K[0].length;
    const q = (s) => root.querySelector(s);
    const call = q(".densebook-call"), weights = q(".densebook-weights");
    const formula = q(".densebook-formula"), out = q(".densebook-outputs");
    const field = (name) => f32(Number(q(`input[name="${name}"]`).value) || 0);
    let built = false, unit = 0, term = -1;
    // One unit's x @ W[:, j] + b in float32, rounded after each product and each sum,
    // in the order Keras's CPU kernel adds them for this layer.
    const y = (x, b, j) => {
      let acc = f32(x[0] * K[0][j]);
      for (let i = 1; i < n; i++) acc = f32(acc + f32(x[i] * K[i][j]));
      return f32(acc + b);
    };
    const update = () => {
      root.classList.toggle("densebook-built", built);
      weights.textContent = built ? weights.dataset.full : weights.dataset.empty;
      call.textContent = built ? words.reset : words.call;
      call.setAttribute("aria-pressed", String(built));
      for (const el of root.querySelectorAll(".densebook-live [data-i][data-j]")) {
        const on = built && +el.dataset.j === unit && (term < 0 || +el.dataset.i === term);
        el.classList.toggle("densebook-on", on);
      }
      formula.replaceChildren();
      if (!built) {
        out.textContent = "—";
        return;
      }
      const x = [];
      for (let i = 0; i < n; i++) x.push(field("x" + i));
      const b = field("b");
      const ys = [];
      for (let j = 0; j < u; j++) ys.push(y(x, b, j));
      out.textContent = "y = [" + ys.map(show).join(", ") + "]";
      const cls = (i) => "densebook-term" + (i === term ? " densebook-on" : "");
      formula.append(span(`y${unit} = `));
      for (let i = 0; i < n; i++) formula.append(span(`x${i}·W[${i},${unit}]`, cls(i)), " + ");
      formula.append(span(`b${unit} = `));
      const num = (v) => (v < 0 || Object.is(v, -0) ? `(${show(v)})` : show(v));
      for (let i = 0; i < n; i++) formula.append(span(`${num(x[i])}·${num(K[i][unit])}`, cls(i)), " + ");
      formula.append(span(`${num(b)} = ${show(ys[unit])}`));
    };
    call.addEventListener("click", () => {
      built = !built;
      update();
    });
    listen(root, update);
    for (const g of root.querySelectorAll(".densebook-connection")) {
      const pick = () => {
        unit = +g.dataset.j;
        term = +g.dataset.i;
        update();
      };
      g.addEventListener("mouseenter", pick);
      g.addEventListener("focus", pick);
      g.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          pick();
        }
      });
    }
    update();
  }

  // Shapes: every combination was built by Keras; the script only looks it up.
  function shapes(root, data, words) {
    const sel = (name) => root.querySelector(`select[name="${name}"]`);
    const out = root.querySelector(".densebook-shapes");
    const axes = [...root.querySelectorAll('select[name^="axis"]')];
    const update = () => {
      const rank = +sel("rank").value;
      axes.forEach((s, n) => {
        s.closest("label").hidden = n >= rank - 1;
      });
      const lead = axes.slice(0, rank - 1).map((s) => s.value);
      const key = [lead.join(","), sel("last").value, sel("units").value].join("|");
      const [input, kernel, bias, output, params] = data.grid[key];
      out.textContent = fill(words.shapes_result, {
        input: tuple(input),
        kernel: tuple(kernel),
        bias: tuple(bias),
        output: tuple(output),
        params,
      });
    };
    listen(root, update);
    update();
  }

  // Learning rate and batch size: every run was trained by Keras fit; the script only
  // looks it up and draws its loss curve.
  function training(root, data, words) {
    const q = (s) => root.querySelector(s);
    const out = q(".densebook-training"), line = q(".densebook-curve polyline");
    const log = (v) => Math.log10(Math.max(+v, 1e-12));
    const [top, bottom] = root.querySelectorAll(".densebook-curve text");
    const update = () => {
      const run = data.runs[`${q('[name="rate"]').value}|${q('[name="batch"]').value}`];
      const epochs = +q('[name="epochs"]').value;
      const logs = run.loss.map(log), lo = Math.min(...logs), hi = Math.max(...logs);
      top.textContent = (+run.loss[logs.indexOf(hi)]).toPrecision(3);
      bottom.textContent = (+run.loss[logs.indexOf(lo)]).toPrecision(3);
      const points = run.loss.slice(0, epochs).map((v, e) => {
        const x = 10 + (300 * e) / (data.epochs - 1), y = 150 - (140 * (log(v) - lo)) / (hi - lo || 1);
        return `${x.toFixed(1)},${y.toFixed(1)}`;
      });
      line.setAttribute("points", points.join(" "));
      out.textContent = fill(words.training_result, {
        epochs,
        steps: run.steps[epochs - 1],
        loss: (+run.loss[epochs - 1]).toPrecision(4),
        move: (+run.move[epochs - 1]).toPrecision(4),
      });
    };
    listen(root, update);
    update();
  }

  // Predict first: say right or not, and why.
  function predict(root) {
    const result = root.querySelector(".densebook-predict-result");
    root.querySelector(".densebook-predict-answer").hidden = true;
    root.addEventListener("change", (e) => {
      const why = e.target.closest(".densebook-predict-choice").querySelector(".densebook-predict-why");
      const verdict = document.createElement("strong");
      verdict.textContent = e.target.hasAttribute("data-correct") ? result.dataset.right : result.dataset.wrong;
      result.replaceChildren(verdict, ...why.cloneNode(true).childNodes);
    });
  }

  const kinds = { diagram, shapes, training };
  for (const root of document.querySelectorAll(".densebook-explorable")) {
    const data = JSON.parse(root.querySelector(".densebook-data").textContent);
    kinds[root.dataset.kind](root, data, JSON.parse(root.dataset.words));
    root.querySelector(".densebook-live").hidden = false;
    root.querySelector(".densebook-fallback").hidden = true;
  }
  document.querySelectorAll(".densebook-predict").forEach(predict);
})();
