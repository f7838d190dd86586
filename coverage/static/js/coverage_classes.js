// Class breaks for the coverage choropleth (imported by coverage_map.js; the browser tests call it directly).

// Upper limits of up to `classes` classes: quantiles of the values. When ties swallow classes (most often many
// areas at 0 %), the tied lowest value keeps a class of its own and the rest is split again, so the legend never
// collapses into "≤ 0 % / 0 % – 100 %". With no more distinct values than classes, one class per value.
export function classBreaks(values, classes = 5) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!sorted.length) return [];
  const distinct = [...new Set(sorted)];
  if (distinct.length <= classes) return distinct;
  const last = sorted.length - 1;
  const breaks = [...new Set(Array.from({ length: classes }, (_, i) => sorted[Math.floor(((i + 1) * last) / classes)]))];
  if (breaks.length === classes || classes <= 2) return breaks;
  return [sorted[0], ...classBreaks(sorted.filter((value) => value > sorted[0]), classes - 1)];
}
