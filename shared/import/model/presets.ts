import { Channel } from "#shared/feedback/model/schema";
import { FIELDS, type Field, headerKey, type Values } from "./fields.ts";

/**
 * Presets for the exports people bring, as data: where each field is read from (the first column
 * present wins), the prefix that keeps one system's ids apart from another's, and the few
 * conversions an export needs (Zendesk's good/bad, Delighted's survey types). `--map COLUMN=FIELD`
 * overrides any of it, and `--dry-run` shows what was chosen.
 */

/** A column by its header (compared as `headerKey`), a pattern over headers, or a rule over all of them. */
export type ColumnPick = string | RegExp | ((headers: readonly string[]) => string | undefined);

export type Converted = { values: Values; channel?: Channel } | { reject: string } | { skip: true };

export interface Preset {
  id: string;
  label: string;
  /** Recognizes the export by its header, when --preset is not given. */
  detect(headers: readonly string[]): boolean;
  /** Field (or the preset's own key) -> where to read it. */
  columns: Readonly<Record<string, readonly ColumnPick[]>>;
  /** Prepended to the export's ids ("delighted:123"), so ids from two systems never meet. */
  sourcePrefix: string;
  /** The channel of its rows, unless a row or --channel says otherwise. */
  channel: Channel | undefined;
  /** Turns the export's own values into the API's (or says why a row has none to give). */
  convert?(values: Values): Converted;
}

const has = (headers: readonly string[], ...names: string[]) => {
  const keys = new Set(headers.map(headerKey));
  return names.every((n) => keys.has(headerKey(n)));
};
const hasAny = (headers: readonly string[], ...names: string[]) => names.some((n) => has(headers, n));

const DELIGHTED_TYPES: Readonly<Record<string, Channel | undefined>> = {
  nps: "nps",
  enps: undefined,
  csat: "csat",
  "5star": "csat",
  smileys: "csat",
  ces: undefined,
  thumbs: undefined,
};

export const delighted: Preset = {
  id: "delighted",
  label: "Delighted (responses export)",
  detect: (h) =>
    has(h, "Response ID", "Score") && hasAny(h, "Delighted Source", "Permalink", "Response timestamp", "Survey type"),
  columns: {
    sourceId: ["Response ID", "id"],
    score: ["Score"],
    comment: ["Comment"],
    "customer.email": ["Email", "Person email"],
    "customer.name": ["Name", "Person name"],
    "customer.id": ["Customer ID", "Person ID", "User ID", "person", "Email"],
    "customer.tier": ["Customer tier", "Tier", "Plan"],
    occurredAt: ["Response timestamp", "Created", "Created at", "Date"],
    locale: ["Delighted locale", "Locale", "Language"],
    touchpoint: ["Touchpoint"],
    surveyType: ["Survey type", "survey_type"],
  },
  sourcePrefix: "delighted:",
  channel: "nps",
  convert: (values) => {
    const type = values.surveyType === undefined ? "nps" : headerKey(values.surveyType);
    if (!(type in DELIGHTED_TYPES)) return { values };
    const channel = DELIGHTED_TYPES[type];
    return channel
      ? { values, channel }
      : { reject: `surveyType: a Delighted ${values.surveyType} answer has no hearback channel (NPS and CSAT do)` };
  },
};

/** Qualtrics names the NPS question's group column "<question>_NPS_GROUP"; the score is the question itself. */
const qualtricsNps = (headers: readonly string[]) =>
  headers.find((h) => /_NPS_GROUP$/i.test(h))?.replace(/_NPS_GROUP$/i, "");

const QUALTRICS_LANGUAGES: Readonly<Record<string, string>> = { zhs: "zh-Hans", zht: "zh-Hant", en: "en" };

export const qualtrics: Preset = {
  id: "qualtrics",
  label: "Qualtrics (CSV export, three header rows)",
  detect: (h) => has(h, "ResponseId") && hasAny(h, "RecordedDate", "StartDate"),
  columns: {
    sourceId: ["ResponseId"],
    occurredAt: ["RecordedDate", "EndDate"],
    score: [qualtricsNps, /^(q_?)?nps$/i],
    "customer.id": ["ExternalReference", "ExternalDataReference", "RecipientEmail"],
    "customer.email": ["RecipientEmail"],
    firstName: ["RecipientFirstName"],
    lastName: ["RecipientLastName"],
    locale: ["UserLanguage", "Q_Language"],
    // The open question has no fixed name: --map Q2=comment.
    comment: [/^comment$/i],
  },
  sourcePrefix: "qualtrics:",
  channel: "nps",
  convert: (values) => {
    // The second and third header rows: question texts, then {"ImportId": ...}.
    if (values.sourceId === "Response ID" || values.sourceId?.startsWith('{"ImportId"')) return { skip: true };
    const { firstName, lastName, ...rest } = values;
    const name = [firstName, lastName].filter(Boolean).join(" ");
    const lang = values.locale === undefined ? undefined : headerKey(values.locale);
    return {
      values: {
        ...rest,
        ...(name && { "customer.name": name }),
        ...(lang !== undefined && { locale: QUALTRICS_LANGUAGES[lang] ?? values.locale?.toLowerCase() }),
      },
    };
  },
};

export const formbricks: Preset = {
  id: "formbricks",
  label: "Formbricks (responses CSV)",
  detect: (h) => h.some((x) => headerKey(x).startsWith("formbricks")),
  columns: {
    sourceId: ["Response ID", "responseId", "id"],
    occurredAt: ["Timestamp", "Date", "Created at", "createdAt"],
    "customer.id": ["User ID", "userId", "Contact ID", "contactId", "Person ID", "Email", "Verified Email"],
    "customer.email": ["Email", "Verified Email"],
    // Its columns are the questions' own words: the NPS question asks to recommend.
    score: [/recommend|推荐|nps/i],
    comment: [/why|what|comment|feedback|improve|suggest|建议|原因|意见|为什么/i],
    locale: ["Language", "language"],
  },
  sourcePrefix: "formbricks:",
  channel: "nps",
};

const ZENDESK_GOOD = /^(good|satisfied|good, i'?m satisfied)$/i;
const ZENDESK_BAD = /^(bad|unsatisfied|bad, i'?m unsatisfied)$/i;

export const zendesk: Preset = {
  id: "zendesk",
  label: "Zendesk satisfaction ratings",
  detect: (h) => hasAny(h, "score", "Satisfaction score") && hasAny(h, "ticket_id", "Ticket ID"),
  columns: {
    sourceId: ["id", "Satisfaction rating ID", "Rating ID"],
    score: ["score", "Satisfaction score", "Rating"],
    comment: ["comment", "Satisfaction comment"],
    reason: ["reason", "Satisfaction reason"],
    "customer.id": ["requester_id", "Requester ID", "Requester email", "Requester"],
    "service.ticketId": ["ticket_id", "Ticket ID"],
    "service.agentId": ["assignee_id", "Assignee ID", "Assignee"],
    "service.team": ["group_id", "Group ID", "Group"],
    occurredAt: ["created_at", "Created at", "Satisfaction date", "Date"],
  },
  sourcePrefix: "zendesk:",
  channel: "csat",
  convert: (values) => {
    const { reason, score, ...rest } = values;
    // Good/bad ratings as the two ends of the 1-5 scale: good counts as satisfied, bad opens a follow-up.
    const mapped = score && ZENDESK_GOOD.test(score) ? "5" : score && ZENDESK_BAD.test(score) ? "1" : score;
    if (mapped === undefined || /^(offered|unoffered)$/i.test(mapped))
      return { reject: `score: not rated (${score ?? "empty"}): the customer was asked and did not answer` };
    const said = reason && !/^no reason/i.test(reason) ? reason : undefined;
    const comment = [rest.comment, said].filter(Boolean).join("\n");
    return { values: { ...rest, score: mapped, ...(comment && { comment }) } };
  },
};

/** Columns named as the API names the fields ("customer.id", "customer_id", "Customer ID"), plus --map. */
export const generic: Preset = {
  id: "generic",
  label: "generic (columns named like the API's fields, or --map COLUMN=FIELD)",
  detect: () => false,
  columns: Object.fromEntries(FIELDS.map((f: Field) => [f, [f]])),
  sourcePrefix: "",
  channel: undefined,
};

export const PRESETS: readonly Preset[] = [delighted, qualtrics, formbricks, zendesk, generic];

export const presetById = (id: string): Preset | undefined => PRESETS.find((p) => p.id === id);

/** The preset whose export this header looks like; generic when none does. */
export const detectPreset = (headers: readonly string[]): Preset => PRESETS.find((p) => p.detect(headers)) ?? generic;

export const channelOf = (value: string | undefined): Channel | undefined => {
  const parsed = Channel.safeParse(value?.trim().toLowerCase());
  return parsed.success ? parsed.data : undefined;
};
