export interface ThemeMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Gold rows with the theme. */
  support: number;
}

const f1 = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/** Precision, recall and F1 of every theme that occurs in the gold labels, from gold and tagged themes per row. */
export function themeMetrics(judged: readonly { gold: readonly string[]; got: readonly string[] }[]) {
  const vocabulary = [...new Set(judged.flatMap(({ gold }) => gold))].sort();
  const themes: Record<string, ThemeMetrics> = {};
  for (const theme of vocabulary) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const { gold, got } of judged) {
      const isGold = gold.includes(theme);
      const hit = got.includes(theme);
      if (isGold && hit) tp++;
      else if (hit) fp++;
      else if (isGold) fn++;
    }
    const precision = tp / (tp + fp || 1);
    const recall = tp / (tp + fn || 1);
    themes[theme] = { precision, recall, f1: f1(precision, recall), support: tp + fn };
  }
  return themes;
}
