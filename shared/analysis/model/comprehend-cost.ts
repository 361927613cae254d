/**
 * Amazon Comprehend's published price for its standard NLP APIs (sentiment, dominant language):
 * USD 0.0001 per unit of 100 characters, with a 3-unit minimum per document (first 10M units a
 * month; cheaper tiers above). Kept here so reports show the arithmetic, not just a number.
 */
export const COMPREHEND_USD_PER_UNIT = 0.0001;
export const CHARACTERS_PER_UNIT = 100;
export const MINIMUM_UNITS_PER_DOCUMENT = 3;

export const comprehendUnits = (text: string): number =>
  Math.max(MINIMUM_UNITS_PER_DOCUMENT, Math.ceil([...text].length / CHARACTERS_PER_UNIT));

/** Cost of sending `texts` to Comprehend: sentiment always, language detection unless it is known. */
export const comprehendCostUsd = (texts: readonly string[], opts: { detectLanguage: boolean }): number => {
  const units = texts.reduce((sum, t) => sum + comprehendUnits(t), 0);
  return units * COMPREHEND_USD_PER_UNIT * (opts.detectLanguage ? 2 : 1);
};
