// A line diff of two texts: [{kind: "same"|"del"|"add", text}], by longest common subsequence after
// trimming the common head and tail (edits to an article are usually local, so the table stays small).
const MAX_CELLS = 4_000_000;

export function diffLines(before, after) {
  const a = before.split("\n");
  const b = after.split("\n");
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const out = a.slice(0, head).map((text) => ({ kind: "same", text }));
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  out.push(...middle(x, y));
  out.push(...a.slice(a.length - tail).map((text) => ({ kind: "same", text })));
  return out;
}

function middle(x, y) {
  const n = x.length;
  const m = y.length;
  if ((n + 1) * (m + 1) > MAX_CELLS) {
    // Too large to align line by line in the browser: show it as replaced.
    return [...x.map((text) => ({ kind: "del", text })), ...y.map((text) => ({ kind: "add", text }))];
  }
  // lcs[i][j]: length of the LCS of x[i..] and y[j..], in one flat array.
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = x[i] === y[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    }
  }
  const out = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      out.push({ kind: "same", text: x[i] });
      i++;
      j++;
    } else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
      out.push({ kind: "del", text: x[i++] });
    } else {
      out.push({ kind: "add", text: y[j++] });
    }
  }
  while (i < n) out.push({ kind: "del", text: x[i++] });
  while (j < m) out.push({ kind: "add", text: y[j++] });
  return out;
}
