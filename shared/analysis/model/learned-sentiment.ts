import * as z from "zod";
import { toSimplified } from "#shared/kernel/chinese";

/**
 * A small sentiment model each deployment learns from its own scored feedback: every NPS and
 * CSAT comment arrives with a score that labels it (labelFromScore), so the product can train a
 * multinomial Naive Bayes over words (English) and character uni/bigrams (Chinese) and let the
 * local engine blend it with the hand-written lexicon (combine).
 *
 * Pure: no I/O, no clock unless the caller does not pass one. Training is deterministic for the
 * same examples and `now`.
 */

export type LearnedLabel = "POSITIVE" | "NEGATIVE" | "NEUTRAL";
export const LEARNED_LABELS: readonly LearnedLabel[] = ["NEGATIVE", "NEUTRAL", "POSITIVE"];

export interface TrainingExample {
  text: string;
  /** "en", "zh-Hans", "zh-Hant", ...: a hint; tokens are chosen by script either way. */
  language: string;
  label: LearnedLabel;
}

export interface TrainOptions {
  /** Most features kept (by document frequency). Default 30,000. */
  maxFeatures?: number;
  /** Fewest training texts a feature must occur in. Default 2. */
  minDocumentFrequency?: number;
  /** Laplace smoothing. Default 1. */
  alpha?: number;
  /** The training time stamped into the version. Default: now. */
  now?: Date;
}

export const DEFAULT_MAX_FEATURES = 30_000;

const Counts = z.array(z.number().int().nonnegative());

/** The serialized form: JSON, validated on the way in. */
export const SentimentModelSchema = z
  .object({
    kind: z.literal("multinomial-nb"),
    format: z.literal(1),
    /** `<ISO timestamp>+<example count>`, e.g. "2025-03-01T10:00:00.000Z+1840". */
    version: z.string().regex(/^\d{4}-\d\d-\d\dT[\d:.]+Z\+\d+$/),
    trainedAt: z.string(),
    alpha: z.number().positive(),
    /** Training texts per class; a class is present only if it had examples. */
    trainedOn: z.object({
      POSITIVE: z.number().int().nonnegative().optional(),
      NEGATIVE: z.number().int().nonnegative().optional(),
      NEUTRAL: z.number().int().nonnegative().optional(),
    }),
    /** The vocabulary, sorted. */
    features: z.array(z.string()),
    /** Per class, in which of its training texts each feature occurred (aligned with features). */
    counts: z.object({
      POSITIVE: Counts.optional(),
      NEGATIVE: Counts.optional(),
      NEUTRAL: Counts.optional(),
    }),
  })
  .superRefine((m, ctx) => {
    for (const label of LEARNED_LABELS) {
      const n = m.trainedOn[label];
      const c = m.counts[label];
      if ((n === undefined) !== (c === undefined)) {
        ctx.addIssue({ code: "custom", message: `${label}: trainedOn and counts must both be present or absent` });
      } else if (c && c.length !== m.features.length) {
        ctx.addIssue({ code: "custom", message: `${label}: ${c.length} counts for ${m.features.length} features` });
      }
    }
    if (!LEARNED_LABELS.some((l) => (m.trainedOn[l] ?? 0) > 0)) {
      ctx.addIssue({ code: "custom", message: "a model needs at least one class with examples" });
    }
  });
export type SentimentModel = z.infer<typeof SentimentModelSchema>;

export interface Prediction {
  label: LearnedLabel;
  /** Each in 0..1, summing to 1; a class the model never saw is 0. */
  probabilities: Record<LearnedLabel, number>;
  /** The probability of `label`. */
  confidence: number;
  /** How many of the text's features the model knows: 0 means the prediction is just the prior. */
  evidence: number;
}

// ---------------------------------------------------------------------------------------------
// Labels from scores

/** NPS 0-6 NEGATIVE, 7-8 NEUTRAL, 9-10 POSITIVE; CSAT 1-2 NEGATIVE, 3 NEUTRAL, 4-5 POSITIVE. */
export function labelFromScore(channel: "nps" | "csat", score: number): LearnedLabel {
  if (!Number.isFinite(score)) throw new RangeError(`score must be a number, got ${score}`);
  if (channel === "nps") {
    if (score < 0 || score > 10) throw new RangeError(`NPS score out of range 0-10: ${score}`);
    return score <= 6 ? "NEGATIVE" : score <= 8 ? "NEUTRAL" : "POSITIVE";
  }
  if (score < 1 || score > 5) throw new RangeError(`CSAT score out of range 1-5: ${score}`);
  return score <= 2 ? "NEGATIVE" : score < 4 ? "NEUTRAL" : "POSITIVE";
}

// ---------------------------------------------------------------------------------------------
// Tokens

const EN_NEGATORS = new Set([
  "not",
  "no",
  "never",
  "cannot",
  "cant",
  "nothing",
  "nobody",
  "none",
  "nor",
  "without",
  "dont",
  "doesnt",
  "didnt",
  "isnt",
  "wasnt",
  "arent",
  "werent",
  "wont",
  "wouldnt",
  "couldnt",
  "shouldnt",
  "havent",
  "hasnt",
  "hadnt",
  "aint",
]);
const EN_NEGATION_SPAN = 3;
const ZH_NEGATORS = new Set(["不", "没", "别", "未"]);
const ZH_NEGATION_SPAN = 2;

/** Pieces of text: a Han run, a Latin word, an emoji, clause punctuation. Everything else splits. */
const PIECES =
  /(\p{Script=Han}+)|([a-z0-9\u00c0-\u024f]+(?:'[a-z]+)?)|(\p{Extended_Pictographic})|([.,!?;:()。，！？；：、…~～\n])/gu;

/**
 * Features of a text. English: lowercased words, negation scope ("not_" on the next three words
 * after not/no/never/...n't, up to punctuation), adjacent-word bigrams. Chinese (converted to
 * simplified): character unigrams and bigrams, "not_" on the two characters after 不/没/别/未.
 * Emoji are tokens of their own. URLs and @handles are dropped; "?" and "!" are kept as tokens.
 */
export function tokenize(text: string, _language?: string): string[] {
  const normalized = toSimplified(
    text
      .normalize("NFKC")
      .toLowerCase()
      .replace(/https?:\/\/\S+|www\.\S+/g, " ")
      .replace(/@\w+/g, " ")
      .replace(/[’‘`]/g, "'"),
  );
  const tokens: string[] = [];
  let prevWord: string | undefined;
  let negation = 0;
  for (const m of normalized.matchAll(PIECES)) {
    const [, han, word, emoji, punct] = m;
    if (han) {
      prevWord = undefined;
      negation = 0;
      const chars = [...han];
      let zhNegation = 0;
      for (let i = 0; i < chars.length; i++) {
        const c = chars[i] as string;
        tokens.push(c);
        if (zhNegation > 0 && !ZH_NEGATORS.has(c)) {
          tokens.push(`not_${c}`);
          zhNegation--;
        }
        if (ZH_NEGATORS.has(c)) zhNegation = ZH_NEGATION_SPAN;
        const next = chars[i + 1];
        if (next) tokens.push(c + next);
      }
    } else if (word) {
      const raw = word.replace(/'/g, "");
      const w = /^\d+$/.test(raw) ? "<num>" : /\d/.test(raw) ? "<code>" : raw;
      const n = word.endsWith("n't") || EN_NEGATORS.has(w);
      tokens.push(negation > 0 ? `not_${w}` : w);
      if (prevWord) tokens.push(`${prevWord} ${w}`);
      prevWord = w;
      if (n) negation = EN_NEGATION_SPAN;
      else if (negation > 0) negation--;
    } else if (emoji) {
      tokens.push(emoji);
    } else if (punct) {
      prevWord = undefined;
      negation = 0;
      if (punct === "?" || punct === "？") tokens.push("?");
      else if (punct === "!" || punct === "！") tokens.push("!");
    }
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Training and prediction

/**
 * Trains a multinomial Naive Bayes on binarized features (each feature counts once per text),
 * with Laplace smoothing. Features must occur in at least `minDocumentFrequency` texts; the
 * `maxFeatures` most frequent are kept (ties broken alphabetically), so a model stays small.
 */
export function trainModel(examples: readonly TrainingExample[], opts: TrainOptions = {}): SentimentModel {
  const maxFeatures = opts.maxFeatures ?? DEFAULT_MAX_FEATURES;
  const minDf = opts.minDocumentFrequency ?? 2;
  const alpha = opts.alpha ?? 1;
  if (examples.length === 0) throw new RangeError("cannot train a model on no examples");

  const docs = examples.map((e) => ({ label: e.label, features: new Set(tokenize(e.text, e.language)) }));
  const df = new Map<string, number>();
  for (const d of docs) for (const f of d.features) df.set(f, (df.get(f) ?? 0) + 1);
  const kept = [...df.entries()]
    .filter(([, n]) => n >= minDf)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, Math.max(0, maxFeatures))
    .map(([f]) => f)
    .sort();
  const index = new Map(kept.map((f, i) => [f, i]));

  const trainedOn: SentimentModel["trainedOn"] = {};
  const counts: SentimentModel["counts"] = {};
  for (const d of docs) {
    trainedOn[d.label] = (trainedOn[d.label] ?? 0) + 1;
    let c = counts[d.label];
    if (!c) {
      c = new Array<number>(kept.length).fill(0);
      counts[d.label] = c;
    }
    for (const f of d.features) {
      const i = index.get(f);
      if (i !== undefined) c[i] = (c[i] ?? 0) + 1;
    }
  }
  const trainedAt = (opts.now ?? new Date()).toISOString();
  return {
    kind: "multinomial-nb",
    format: 1,
    version: `${trainedAt}+${examples.length}`,
    trainedAt,
    alpha,
    trainedOn,
    features: kept,
    counts,
  };
}

interface Compiled {
  labels: LearnedLabel[];
  logPrior: number[];
  /** Per label, log P(feature | label); missing features are ignored at prediction. */
  logLikelihood: Map<string, number[]>;
}

const compiled = new WeakMap<SentimentModel, Compiled>();

function compile(model: SentimentModel): Compiled {
  const hit = compiled.get(model);
  if (hit) return hit;
  const labels = LEARNED_LABELS.filter((l) => (model.trainedOn[l] ?? 0) > 0 && model.counts[l]);
  // Uniform priors: the training sample's mix says who bothered to write (complaint-heavy, as
  // detractor-rich feedback is), not how likely the next text is to be a complaint, so it must
  // not tilt the verdict. Only the words decide.
  const logPrior = labels.map(() => Math.log(1 / labels.length));
  const v = model.features.length;
  const denominators = labels.map((l) => {
    const c = model.counts[l] ?? [];
    let sum = 0;
    for (const x of c) sum += x;
    return Math.log(sum + model.alpha * v);
  });
  const logLikelihood = new Map<string, number[]>();
  model.features.forEach((f, i) => {
    logLikelihood.set(
      f,
      labels.map((l, k) => Math.log(((model.counts[l] ?? [])[i] ?? 0) + model.alpha) - (denominators[k] ?? 0)),
    );
  });
  const c: Compiled = { labels, logPrior, logLikelihood };
  compiled.set(model, c);
  return c;
}

/**
 * The model's verdict on a text. Naive Bayes sums one log-likelihood per feature as if they were
 * independent, which makes raw posteriors overconfident (a long text reads as 0.9999 either way).
 * The evidence is therefore averaged over sqrt(known features) before the softmax: posteriors
 * keep their order and stay comparable between short and long texts.
 */
export function predict(model: SentimentModel, text: string, language?: string): Prediction {
  const { labels, logPrior, logLikelihood } = compile(model);
  const evidenceSums = labels.map(() => 0);
  let known = 0;
  for (const f of new Set(tokenize(text, language))) {
    const ll = logLikelihood.get(f);
    if (!ll) continue;
    known++;
    for (let k = 0; k < labels.length; k++) evidenceSums[k] = (evidenceSums[k] ?? 0) + (ll[k] ?? 0);
  }
  const scale = 1 / Math.sqrt(Math.max(1, known));
  const logits = labels.map((_, k) => ((logPrior[k] ?? 0) + (evidenceSums[k] ?? 0)) * scale);
  const max = Math.max(...logits);
  const exps = logits.map((x) => Math.exp(x - max));
  const z = exps.reduce((s, x) => s + x, 0);
  const probabilities: Record<LearnedLabel, number> = { POSITIVE: 0, NEGATIVE: 0, NEUTRAL: 0 };
  labels.forEach((l, k) => {
    probabilities[l] = (exps[k] ?? 0) / z;
  });
  let label = labels[0] as LearnedLabel;
  for (const l of labels) if (probabilities[l] > probabilities[label]) label = l;
  return { label, probabilities, confidence: probabilities[label], evidence: known };
}

// ---------------------------------------------------------------------------------------------
// Persistence

/** JSON text of a model (compact; the store adapter compresses it). */
export function serializeModel(model: SentimentModel): string {
  return JSON.stringify(SentimentModelSchema.parse(model));
}

/** Parses and validates a serialized model; throws a ZodError or SyntaxError when it is not one. */
export function deserializeModel(json: string): SentimentModel {
  return SentimentModelSchema.parse(JSON.parse(json));
}

/** Training texts behind a model. */
export const exampleCount = (model: SentimentModel): number =>
  LEARNED_LABELS.reduce((s, l) => s + (model.trainedOn[l] ?? 0), 0);
