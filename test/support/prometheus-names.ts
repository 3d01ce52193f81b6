/**
 * Metric names on both sides of a Prometheus contract: the ones a scrape offers (exposition text) and the ones
 * a PromQL expression reads (dashboard panels, alert rules, Grafana variable queries).
 */

/** Every sample name the exposition text declares (`# TYPE`), a histogram's and a summary's series included. */
export function exportedNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const match of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [, name, type] = match;
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(name + suffix);
  }
  // A sample of a type this text did not declare still counts.
  for (const match of exposition.matchAll(/^([a-zA-Z_:][\w:]*)[{ ]/gm)) names.add(match[1]);
  return names;
}

/** PromQL words that read like a metric name but are not one (functions are told by the parenthesis after). */
const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'inf',
  'nan',
  'atan2',
]);

/**
 * The metric names a PromQL expression selects. Grafana's variables ($job, $__rate_interval) and
 * `label_values(metric, label)` (a variable query) are understood; what is not read is: string literals, label
 * matchers in braces, ranges in brackets, the label lists of by/without/on/ignoring/group_*.
 */
export function queriedNames(expr: string): string[] {
  const labelValues = /^\s*label_values\(\s*(?:([a-zA-Z_:][\w:]*)\s*(?:\{[^}]*\})?\s*,)?\s*\w+\s*\)\s*$/.exec(expr);
  if (labelValues) return labelValues[1] ? [labelValues[1]] : [];
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\$\{?\w+\}?/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/([a-zA-Z_:][\w:]*)|\d[\w.]*/g)) {
    const word = match[1];
    if (!word || KEYWORDS.has(word.toLowerCase())) continue;
    const after = stripped.slice(match.index + word.length);
    if (/^\s*\(/.test(after)) continue; // a function (sum, rate, histogram_quantile, …)
    names.add(word);
  }
  return [...names];
}
