import { createHmac } from "node:crypto";
import { maskEmail, maskPersonalData } from "#shared/analysis/model/pii";
import { contactLabel } from "#shared/feedback/model/contact";
import type { SigningKey } from "#shared/kernel/signing-key";
import { POLICIES, type RecordKind, type Treatment } from "./policy.ts";

/**
 * Applies ./policy.ts to a record for one viewer: the one function every output (the feedback and
 * tasks APIs, the CSV export, the triage page, task emails and events, the digest) shows records
 * through. Pure; the pseudonym key comes from the caller's wiring.
 */

/** Who is looking, as far as personal data goes. */
export interface Lens {
  /** Support leads in the pii-viewers group: raw values. Everyone else: the policy's treatment. */
  canSeePersonalData: boolean;
  /** Keys the pseudonyms (see pseudonymKey); without one they read "<prefix>_hidden". */
  pseudonymKey?: string | undefined;
  /** Who reads, for the unmasked-read hook. */
  viewer?: string | undefined;
  /**
   * Called for every record shown unmasked, before it is returned: the one place an unmasked read
   * happens, where it is to be audited.
   */
  onUnmasked?: ((read: UnmaskedRead) => void) | undefined;
}

export interface UnmaskedRead {
  kind: RecordKind;
  id: string;
  viewer: string | undefined;
}

/** Readers without rights and without a key (the digest, which shows no identifiers anyway). */
export const NO_RIGHTS: Lens = { canSeePersonalData: false };

/** The pseudonym key: derived from the deployment's signing key, so there is no other secret to keep. */
export const pseudonymKey = (keys: readonly SigningKey[]): string => {
  const [key] = keys;
  if (!key) throw new Error("no signing key configured");
  return createHmac("sha256", key.secret).update("hearback pseudonyms v1").digest("hex");
};

export const pseudonymOf = (prefix: string, value: string, key: string | undefined): string =>
  key === undefined
    ? `${prefix}_hidden`
    : `${prefix}_${createHmac("sha256", key).update(`${prefix}\u0000${value}`).digest("hex").slice(0, 12)}`;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const MOBILE = /(?<!\d)(?:\+?86[ -]?)?(1[3-9]\d)[ -]?\d{4}[ -]?(\d{4})(?!\d)/g;

/**
 * Free text for a reader without rights: "li.lei@example.com" -> "l***@example.com",
 * "13812345678" -> "138****5678", then the text masker for everything else it knows (ids, cards,
 * other phone numbers).
 */
export const maskForDisplay = (value: string): string =>
  maskPersonalData(
    value.replace(EMAIL, maskEmail).replace(MOBILE, (_, head: string, tail: string) => `${head}****${tail}`),
  );

/** ASCII, no spaces at the ends, no "@", nothing the masker would change: a code, not a person. */
const CODE = /^[A-Za-z0-9][A-Za-z0-9 _.:#/+-]{0,199}$/;
export const isCode = (value: string): boolean =>
  CODE.test(value) && !value.endsWith(" ") && maskPersonalData(value, { handles: true }) === value;

/** Too short to replace inside a text without hitting ordinary words. */
const replaceable = (value: string): boolean => (/[^ -~]/.test(value) ? [...value].length >= 2 : value.length >= 3);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Replaces each known personal value inside a text by how its own field shows it; longest first. */
export const maskKnownValues = (value: string, known: ReadonlyMap<string, string>): string => {
  const raw = [...known.keys()].filter(replaceable).sort((a, b) => b.length - a.length);
  if (raw.length === 0) return value;
  const pattern = new RegExp(raw.map(escapeRegExp).join("|"), "gi");
  const lower = new Map([...known].map(([k, v]) => [k.toLowerCase(), v]));
  return value.replace(pattern, (m) => lower.get(m.toLowerCase()) ?? m);
};

/**
 * Known values first (so "gold customer" follows the tier even where the masker would have taken
 * part of it), then `mask` on the rest; what replaced a known value is kept out of `mask`'s reach.
 */
const withKnownValues = (value: string, known: ReadonlyMap<string, string>, mask: (s: string) => string): string => {
  const shownAs: string[] = [];
  const tokens = new Map([...known].map(([raw, shown]) => [raw, `\uE001${shownAs.push(shown) - 1}\uE001`]));
  return mask(maskKnownValues(value, tokens)).replace(/\uE001(\d+)\uE001/g, (_, i: string) => shownAs[Number(i)] ?? "");
};

const urlOrigin = (value: string): string | undefined => {
  try {
    return `${new URL(value).origin}/…`;
  } catch {
    return undefined;
  }
};

/** The treatment of one value that is not free text; undefined drops the field. */
const identifier = (t: Treatment, value: string, key: string | undefined): string | undefined => {
  // Whoever an erased task was for is no one: "[erased]" is shown as it is, not as someone's pseudonym.
  if (value === ERASED_LABEL) return value;
  switch (t.kind) {
    case "pseudonym":
      return pseudonymOf(t.prefix, value, key);
    case "label":
      return isCode(value) ? value : pseudonymOf(t.prefix, value, key);
    case "url":
      return urlOrigin(value);
    default:
      return value;
  }
};

const ERASED_LABEL = contactLabel({ kind: "erased" });

const pathOf = (parent: string, key: string) => (parent === "" ? key : `${parent}.${key}`);

const treatmentAt = (policy: Readonly<Record<string, Treatment>>, path: string): Treatment | undefined => {
  // The path itself, or the nearest ancestor declared as a whole (e.g. "sla" for "sla.resolveHours").
  for (let p = path; p !== ""; p = p.includes(".") ? p.slice(0, p.lastIndexOf(".")) : "") {
    const t = policy[p];
    if (t !== undefined && (p === path || t.kind === "shown" || t.kind === "withheld")) return t;
  }
  return undefined;
};

type Visit = (treatment: Treatment, value: string) => string | undefined;

/** Rebuilds `value`, passing every string leaf to `visit` with its treatment (free text when undeclared). */
const walk = (policy: Readonly<Record<string, Treatment>>, value: unknown, path: string, visit: Visit): unknown => {
  const declared = path === "" ? undefined : treatmentAt(policy, path);
  if (declared?.kind === "shown") return value;
  if (declared?.kind === "withheld") return undefined;
  if (typeof value === "string") return visit(declared ?? { kind: "text" }, value);
  if (Array.isArray(value)) return value.map((v) => walk(policy, v, `${path}[]`, visit));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const treated = walk(policy, v, pathOf(path, k), visit);
      if (treated !== undefined) out[k] = treated;
    }
    return out;
  }
  return value;
};

/**
 * What `lens` may see of `record` (a feedback item or a task, per ./policy.ts). With the right,
 * the record itself, after the unmasked-read hook; without, a copy with every personal field
 * treated. Free text gets the record's own personal values replaced the way their fields show them,
 * so "gold customer" follows the tier and a customer's id inside a note follows the id.
 */
export const forViewer = <T extends object>(kind: RecordKind, record: T, lens: Lens): T => {
  const policy = POLICIES[kind];
  if (lens.canSeePersonalData) {
    const id = (record as { id?: unknown }).id;
    lens.onUnmasked?.({ kind, id: typeof id === "string" ? id : "", viewer: lens.viewer });
    return record;
  }
  const known = new Map<string, string>();
  walk(policy, record, "", (t, value) => {
    const shownAs = identifier(t, value, lens.pseudonymKey);
    // The first field a value appears in says how it is shown (customerId before an agent's id).
    if (shownAs !== value && !known.has(value) && (t.kind === "pseudonym" || t.kind === "label" || t.kind === "url")) {
      known.set(value, shownAs ?? "[withheld]");
    }
    return value;
  });
  return walk(policy, record, "", (t, value) => {
    if (t.kind === "text") return withKnownValues(value, known, maskForDisplay);
    if (t.kind === "stored-text") return maskKnownValues(value, known);
    return identifier(t, value, lens.pseudonymKey);
  }) as T;
};
