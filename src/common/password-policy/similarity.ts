/**
 * Ratcliff/Obershelp similarity as Python's difflib.SequenceMatcher.ratio() computes it (without its junk
 * heuristic), which is what Django's UserAttributeSimilarityValidator uses: 2·M / (|a| + |b|).
 */
export function similarityRatio(a: string, b: string): number {
  if (!a.length && !b.length) return 1;
  return (2 * matchingCharacters(a, b)) / (a.length + b.length);
}

function matchingCharacters(a: string, b: string): number {
  if (!a.length || !b.length) return 0;
  // Longest common substring, leftmost in a then b (difflib's tie-break).
  let best = 0;
  let bestA = 0;
  let bestB = 0;
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] === b[j - 1]) {
        row[j] = prev[j - 1] + 1;
        if (row[j] > best) {
          best = row[j];
          bestA = i - best;
          bestB = j - best;
        }
      }
    }
    prev = row;
  }
  if (!best) return 0;
  return (
    best +
    matchingCharacters(a.slice(0, bestA), b.slice(0, bestB)) +
    matchingCharacters(a.slice(bestA + best), b.slice(bestB + best))
  );
}
