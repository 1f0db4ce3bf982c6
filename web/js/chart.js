// The queue's throughput over the last hour as an SVG: a bar per bucket (completed, failed on top)
// and the mean time from queueing to completion as a line on its own scale. Drawn by hand: the
// console needs one small chart, not a charting library.
const NS = "http://www.w3.org/2000/svg";
const W = 720;
const H = 220;
const PAD = { left: 36, right: 44, top: 12, bottom: 24 };

function el(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

export function throughputChart(buckets, bucketSeconds) {
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-labelledby": "chart-title chart-desc" });
  const completed = buckets.reduce((n, b) => n + b.completed, 0);
  const failed = buckets.reduce((n, b) => n + b.failed, 0);
  svg.append(el("title", { id: "chart-title" }, "Tasks finished per interval over the last hour"));
  svg.append(el("desc", { id: "chart-desc" },
    `${completed} tasks completed and ${failed} failed in ${buckets.length} intervals of ${bucketSeconds} s.`));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const max = Math.max(1, ...buckets.map((b) => b.completed + b.failed));
  const latencies = buckets.map((b) => b.meanLatencySeconds).filter((v) => v !== null && v !== undefined);
  const maxLatency = Math.max(0.001, ...latencies);
  const step = plotW / Math.max(1, buckets.length);
  const y = (v) => PAD.top + plotH - (v / max) * plotH;

  svg.append(el("line", { class: "axis", x1: PAD.left, y1: PAD.top + plotH, x2: W - PAD.right, y2: PAD.top + plotH }));
  svg.append(el("text", { x: PAD.left - 4, y: PAD.top + 10, "text-anchor": "end" }, String(max)));
  svg.append(el("text", { x: PAD.left - 4, y: PAD.top + plotH, "text-anchor": "end" }, "0"));
  svg.append(el("text", { x: W - PAD.right + 4, y: PAD.top + 10 }, `${maxLatency.toFixed(1)} s`));
  svg.append(el("text", { x: PAD.left, y: H - 6 }, "−60 min"));
  svg.append(el("text", { x: W - PAD.right, y: H - 6, "text-anchor": "end" }, "now"));

  const points = [];
  buckets.forEach((b, i) => {
    const x = PAD.left + i * step;
    const w = Math.max(1, step - 1);
    if (b.completed) svg.append(el("rect", { class: "bar-completed", x, width: w, y: y(b.completed), height: y(0) - y(b.completed) }));
    if (b.failed) {
      const top = y(b.completed + b.failed);
      svg.append(el("rect", { class: "bar-failed", x, width: w, y: top, height: y(b.completed) - top }));
    }
    if (b.meanLatencySeconds !== null && b.meanLatencySeconds !== undefined) {
      points.push(`${x + w / 2},${PAD.top + plotH - (b.meanLatencySeconds / maxLatency) * plotH}`);
    }
  });
  if (points.length > 1) svg.append(el("polyline", { class: "latency", points: points.join(" ") }));
  else if (points.length === 1) {
    const [cx, cy] = points[0].split(",");
    svg.append(el("circle", { class: "latency", cx, cy, r: 3 }));
  }
  return { svg, completed, failed };
}
