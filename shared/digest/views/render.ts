import { escapeHtml } from "#shared/kernel/html";
import { negotiateLocale } from "#shared/kernel/locale";
import type {
  Digest,
  DigestLocale,
  LoopSummary,
  Metric,
  NpsSummary,
  ThemeLine,
  TrendSignal,
  Verbatim,
} from "../model/digest.ts";
import { type DigestImage, digestCharts, npsTrendAlt, paretoBars, paretoColumns } from "./charts.ts";

/**
 * The weekly digest as an email: subject, HTML and plain-text parts, in the digest's locale.
 *
 * The markup follows what survives Gmail, Outlook (Word engine) and Apple Mail alike (see
 * survey/links.ts): nested `role="presentation"` tables, inline styles, colours on `bgcolor` as
 * well as `background-color`, bars drawn with table cells of proportional width (no script). The
 * NPS trend and the Pareto chart are PNG images (charts.ts) attached inline and referenced as
 * `cid:`, with their numbers in the alt text; the table-cell bars stay, so an email whose images
 * are blocked still shows every number. The small <style> block only adds mobile stacking and
 * dark-mode colours; without it the email is complete and readable. Every value from the data is
 * escaped, and only http(s) links are kept. The plain-text part has no images.
 *
 * Units: NPS in points (-100..100); CSAT and the SLA / recovery rates as percentages (0..100),
 * their margins of error in percentage points; theme changes as ratios (0.38 = +38 %).
 */

export interface RenderOptions {
  /** Required; must be an http(s) URL (a digest without a working unsubscribe link is not sent). */
  unsubscribeUrl: string;
  /** "View in browser"; dropped unless http(s). */
  previewUrl?: string;
  /** Sender name in the header and subject; "hearback" without it. */
  brand?: string;
  /**
   * How the HTML refers to the chart images: "cid" (default) for an email that attaches `images`
   * inline; "inline-data" embeds them as data: URLs, for a browser, which cannot resolve cid:.
   */
  images?: "cid" | "inline-data";
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  /** The images the HTML refers to by cid:, to attach inline (none in "inline-data" mode). */
  images: DigestImage[];
}

type Channel = "nps" | "csat" | "social";
const CHANNELS: readonly Channel[] = ["nps", "csat", "social"];

interface Labels {
  title: string;
  week: (week: string, from: string, to: string) => string;
  nps: string;
  csat: string;
  volume: string;
  npsTrend: (weeks: number) => string;
  promoters: string;
  passives: string;
  detractors: string;
  channel: Record<Channel, string>;
  notEnough: (n: number) => string;
  responses: (n: number) => string;
  vsLastWeek: string;
  average8: string;
  marginOfError: string;
  pointsUnit: string;
  ppUnit: string;
  /** Number followed by a percent sign, with the locale's spacing. */
  pct: (value: string) => string;
  themes: string;
  themesIntro: string;
  rank: string;
  theme: string;
  negative: string;
  change: string;
  share: string;
  cumulative: string;
  vital: string;
  newTheme: string;
  noComplaints: string;
  trends: string;
  rising: string;
  falling: string;
  trendCounts: (thisWeek: string, baseline: string) => string;
  verbatims: string;
  view: string;
  sentiment: Record<string, string>;
  loop: string;
  opened: string;
  firstResponse: string;
  resolved: string;
  overdue: string;
  recovered: string;
  method: string;
  why: (brand: string, team: string) => string;
  unsubscribe: string;
  viewInBrowser: string;
}

const en: Labels = {
  title: "Weekly voice of customer",
  week: (week, from, to) => `${week} (${from} – ${to})`,
  nps: "NPS",
  csat: "CSAT",
  volume: "Responses",
  npsTrend: (n) => `NPS, last ${n} weeks`,
  promoters: "Promoters",
  passives: "Passives",
  detractors: "Detractors",
  channel: { nps: "NPS survey", csat: "Service rating", social: "Social mentions" },
  notEnough: (n) => `not enough responses yet (n = ${n})`,
  responses: (n) => `n = ${n}`,
  vsLastWeek: "vs last week",
  average8: "8-week average",
  marginOfError: "margin of error",
  pointsUnit: "pts",
  ppUnit: "pp",
  pct: (v) => `${v} %`,
  themes: "Where it hurts: complaint themes",
  themesIntro: "Ranked by negative mentions (Pareto). The themes marked “top 80 %” cause most complaints: fix first.",
  rank: "#",
  theme: "Theme",
  negative: "Negative",
  change: "Change",
  share: "Share",
  cumulative: "Cumulative",
  vital: "top 80 %",
  newTheme: "new",
  noComplaints: "No complaints this week.",
  trends: "Emerging and falling themes",
  rising: "rising",
  falling: "falling",
  trendCounts: (w, b) => `${w} negative mentions this week vs ${b} a week on average`,
  verbatims: "In their words",
  view: "view",
  sentiment: { POSITIVE: "positive", NEGATIVE: "negative", NEUTRAL: "neutral", MIXED: "mixed" },
  loop: "Closing the loop",
  opened: "Follow-up tasks opened",
  firstResponse: "First response within SLA",
  resolved: "Resolved within SLA",
  overdue: "Overdue now",
  recovered: "Detractors recovered",
  method: "How these numbers are made",
  why: (brand, team) => `You receive this weekly ${brand} digest for ${team}.`,
  unsubscribe: "Unsubscribe",
  viewInBrowser: "View in browser",
};

const zhHans: Labels = {
  title: "每周客户之声",
  week: (week, from, to) => `${week}（${from} 至 ${to}）`,
  nps: "NPS",
  csat: "CSAT 满意度",
  volume: "反馈量",
  npsTrend: (n) => `近 ${n} 周 NPS`,
  promoters: "推荐者",
  passives: "中立者",
  detractors: "贬损者",
  channel: { nps: "NPS 问卷", csat: "服务评价", social: "社交媒体" },
  notEnough: (n) => `样本不足，暂不计算（n = ${n}）`,
  responses: (n) => `n = ${n}`,
  vsLastWeek: "较上周",
  average8: "8 周均值",
  marginOfError: "误差范围",
  pointsUnit: "分",
  ppUnit: "个百分点",
  pct: (v) => `${v}%`,
  themes: "痛点：投诉主题",
  themesIntro: "按负面提及数排序（帕累托）。标记为“前 80%”的主题造成了大部分投诉，应优先解决。",
  rank: "#",
  theme: "主题",
  negative: "负面",
  change: "变化",
  share: "占比",
  cumulative: "累计",
  vital: "前 80%",
  newTheme: "新增",
  noComplaints: "本周没有投诉。",
  trends: "上升与下降的主题",
  rising: "上升",
  falling: "下降",
  trendCounts: (w, b) => `本周负面提及 ${w} 条，平时每周平均 ${b} 条`,
  verbatims: "客户原话",
  view: "查看",
  sentiment: { POSITIVE: "正面", NEGATIVE: "负面", NEUTRAL: "中性", MIXED: "混合" },
  loop: "闭环跟进",
  opened: "新建跟进任务",
  firstResponse: "SLA 内首次响应",
  resolved: "SLA 内解决",
  overdue: "当前逾期",
  recovered: "挽回的贬损者",
  method: "数据说明",
  why: (brand, team) => `您收到这封邮件，是因为您订阅了 ${brand} 为「${team}」提供的每周摘要。`,
  unsubscribe: "退订",
  viewInBrowser: "在浏览器中查看",
};

const zhHant: Labels = {
  title: "每週客戶之聲",
  week: (week, from, to) => `${week}（${from} 至 ${to}）`,
  nps: "NPS",
  csat: "CSAT 滿意度",
  volume: "回饋量",
  npsTrend: (n) => `近 ${n} 週 NPS`,
  promoters: "推薦者",
  passives: "中立者",
  detractors: "貶損者",
  channel: { nps: "NPS 問卷", csat: "服務評價", social: "社群媒體" },
  notEnough: (n) => `樣本不足，暫不計算（n = ${n}）`,
  responses: (n) => `n = ${n}`,
  vsLastWeek: "較上週",
  average8: "8 週平均",
  marginOfError: "誤差範圍",
  pointsUnit: "分",
  ppUnit: "個百分點",
  pct: (v) => `${v}%`,
  themes: "痛點：投訴主題",
  themesIntro: "依負面提及數排序（柏拉圖分析）。標記為「前 80%」的主題造成了大部分投訴，應優先處理。",
  rank: "#",
  theme: "主題",
  negative: "負面",
  change: "變化",
  share: "佔比",
  cumulative: "累計",
  vital: "前 80%",
  newTheme: "新增",
  noComplaints: "本週沒有投訴。",
  trends: "上升與下降的主題",
  rising: "上升",
  falling: "下降",
  trendCounts: (w, b) => `本週負面提及 ${w} 則，平時每週平均 ${b} 則`,
  verbatims: "客戶原話",
  view: "查看",
  sentiment: { POSITIVE: "正面", NEGATIVE: "負面", NEUTRAL: "中性", MIXED: "混合" },
  loop: "閉環跟進",
  opened: "新建跟進任務",
  firstResponse: "SLA 內首次回應",
  resolved: "SLA 內解決",
  overdue: "目前逾期",
  recovered: "挽回的貶損者",
  method: "資料說明",
  why: (brand, team) => `您收到這封郵件，是因為您訂閱了 ${brand} 為「${team}」提供的每週摘要。`,
  unsubscribe: "取消訂閱",
  viewInBrowser: "在瀏覽器中檢視",
};

export const DIGEST_LABELS: Readonly<Record<DigestLocale, Labels>> = { en, "zh-Hans": zhHans, "zh-Hant": zhHant };

// ---------------------------------------------------------------------------------------------
// Formatting shared by both parts.

const DASH = "–";
const MINUS = "−";

/** Rounded to at most `decimals`, without trailing zeros or "-0"; "–" for a missing value. */
const num = (value: number | undefined, decimals = 1): string => {
  if (value === undefined || !Number.isFinite(value)) return DASH;
  const rounded = Number(value.toFixed(decimals));
  if (rounded === 0) return "0";
  return rounded < 0 ? `${MINUS}${String(-rounded)}` : String(rounded);
};

const signed = (value: number, decimals = 1): string => {
  const s = num(value, decimals);
  return s === "0" || s.startsWith(MINUS) ? s : `+${s}`;
};

type Tone = "good" | "bad" | "neutral";
interface Change {
  arrow: string;
  text: string;
  tone: Tone;
}

/** Direction arrow, signed figure and whether it is good news; `upIsGood` undefined = neither. */
const changeOf = (value: number, formatted: string, upIsGood: boolean | undefined): Change => {
  const zero = formatted === "0";
  const up = !zero && value > 0;
  const arrow = zero ? "=" : up ? "▲" : "▼";
  const tone: Tone = zero || upIsGood === undefined ? "neutral" : up === upIsGood ? "good" : "bad";
  return { arrow, text: formatted, tone };
};

/** Only http(s) links survive; anything else (javascript:, data:, relative) is dropped. */
export const safeUrl = (url: string | undefined): string | undefined => {
  if (url === undefined) return undefined;
  const trimmed = url.trim();
  return /^https?:\/\/[^\s<>"'`\\]+$/i.test(trimmed) ? trimmed : undefined;
};

const isControl = (c: string): boolean => {
  const n = c.codePointAt(0) ?? 0;
  return n < 0x20 || (n >= 0x7f && n < 0xa0) || n === 0x2028 || n === 0x2029;
};

/** Control characters out (keeps newlines when asked); for the subject header and plain text. */
const clean = (value: string, keepNewlines = false): string => {
  const out = Array.from(value.replace(/\r\n?/g, "\n"), (c) =>
    keepNewlines && c === "\n" ? c : isControl(c) ? " " : c,
  ).join("");
  return keepNewlines ? out : out.replace(/\s{2,}/g, " ").trim();
};

const MAX_QUOTE_CHARS = 1000;
const quoteText = (text: string): string => {
  const chars = Array.from(clean(text, true).trim());
  return chars.length > MAX_QUOTE_CHARS ? `${chars.slice(0, MAX_QUOTE_CHARS).join("").trimEnd()}…` : chars.join("");
};

/** Quotation marks for the quote's own language: corner brackets in traditional Chinese. */
const quoteMarks = (language: string): [string, string] =>
  negotiateLocale(language) === "zh-Hant" ? ["「", "」"] : ["“", "”"];

const LANG_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

/** Split of a whole into integer percentages summing to 100 (largest remainder). */
const percentages = (parts: readonly number[]): number[] => {
  const safe = parts.map((p) => (Number.isFinite(p) && p > 0 ? p : 0));
  const total = safe.reduce((a, b) => a + b, 0);
  if (total === 0) return safe.map(() => 0);
  const exact = safe.map((p) => (p / total) * 100);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    left -= 1;
  }
  return floors;
};

interface MetricView {
  /** Formatted value, or the "not enough responses" sentence. */
  value: string;
  enough: boolean;
  margin?: string;
  n: string;
  change?: Change;
  average?: string;
}

interface MetricStyle {
  decimals: number;
  percent: boolean;
  changeUnit: string;
  upIsGood: boolean | undefined;
}

const metricView = (m: Metric, style: MetricStyle, l: Labels): MetricView => {
  const fmt = (v: number | undefined) => (style.percent ? l.pct(num(v, style.decimals)) : num(v, style.decimals));
  const enough = m.enough && m.value !== undefined && Number.isFinite(m.value);
  const view: MetricView = { value: enough ? fmt(m.value) : l.notEnough(m.n), enough, n: l.responses(m.n) };
  if (enough && m.marginOfError !== undefined && Number.isFinite(m.marginOfError)) {
    view.margin = `±${num(Math.abs(m.marginOfError), 1)}${style.changeUnit === "" ? "" : ` ${style.changeUnit}`}`;
  }
  if (enough && m.change !== undefined && Number.isFinite(m.change)) {
    const s = signed(m.change, style.decimals);
    view.change = changeOf(
      m.change,
      style.changeUnit === "" || s === "0" ? s : `${s} ${style.changeUnit}`,
      style.upIsGood,
    );
  }
  if (m.trailingAverage !== undefined && Number.isFinite(m.trailingAverage)) view.average = fmt(m.trailingAverage);
  return view;
};

const styles = (l: Labels) => ({
  nps: { decimals: 0, percent: false, changeUnit: "", upIsGood: true } satisfies MetricStyle,
  csat: { decimals: 1, percent: true, changeUnit: l.ppUnit, upIsGood: true } satisfies MetricStyle,
  volume: { decimals: 0, percent: false, changeUnit: "", upIsGood: undefined } satisfies MetricStyle,
  rate: { decimals: 0, percent: true, changeUnit: l.ppUnit, upIsGood: true } satisfies MetricStyle,
});

const themeChange = (t: ThemeLine, l: Labels): Change | undefined => {
  if (t.change !== undefined && Number.isFinite(t.change)) {
    const s = signed(t.change * 100, 0);
    return changeOf(t.change, s === "0" ? s : l.pct(s), false);
  }
  if (t.previousNegative === 0 && t.negative > 0) return { arrow: "▲", text: l.newTheme, tone: "bad" };
  return undefined;
};

const trendView = (s: TrendSignal, l: Labels) => ({
  arrow: s.direction === "rising" ? "▲" : "▼",
  tone: (s.direction === "rising" ? "bad" : "good") as Tone,
  direction: s.direction === "rising" ? l.rising : l.falling,
  counts: l.trendCounts(num(s.thisWeek, 0), num(s.baseline, 1)),
  p: Number.isFinite(s.pValue) ? (s.pValue < 0.001 ? "p < 0.001" : `p = ${num(s.pValue, 3)}`) : `p = ${DASH}`,
});

const verbatimMeta = (v: Verbatim, l: Labels): string => {
  const channel = l.channel[v.channel] ?? v.channel;
  const score =
    v.score === undefined || !Number.isFinite(v.score) ? "" : ` · ${num(v.score, 0)}/${v.channel === "nps" ? 10 : 5}`;
  const sentiment = l.sentiment[v.sentiment] ?? v.sentiment;
  return `${channel}${score}${sentiment ? ` · ${sentiment}` : ""}`;
};

/** Verbatims grouped by theme, in the order of the Pareto table, then any other theme. */
const verbatimGroups = (d: Digest): Array<{ label: string; items: Verbatim[] }> => {
  const labels = new Map<string, string>();
  for (const s of d.emerging) labels.set(s.theme, s.label);
  for (const t of d.themes) labels.set(t.theme, t.label);
  const order = [...d.themes.map((t) => t.theme), ...d.verbatims.map((v) => v.theme)];
  const seen = new Set<string>();
  const groups: Array<{ label: string; items: Verbatim[] }> = [];
  for (const theme of order) {
    if (seen.has(theme)) continue;
    seen.add(theme);
    const items = d.verbatims.filter((v) => v.theme === theme);
    if (items.length > 0) groups.push({ label: labels.get(theme) ?? theme, items });
  }
  return groups;
};

const npsSplit = (nps: NpsSummary, l: Labels) => {
  const [p = 0, pa = 0, de = 0] = percentages([nps.promoters, nps.passives, nps.detractors]);
  return [
    { label: l.promoters, pct: p, colour: "#059669" },
    { label: l.passives, pct: pa, colour: "#9ca3af" },
    { label: l.detractors, pct: de, colour: "#dc2626" },
  ];
};

const loopRows = (loop: LoopSummary, l: Labels): Array<{ label: string; view: MetricView }> => {
  const st = styles(l);
  const count = (value: number): MetricView => ({ value: num(value, 0), enough: true, n: "" });
  const rows = [
    { label: l.opened, view: count(loop.opened) },
    { label: l.firstResponse, view: metricView(loop.firstResponseWithinSla, st.rate, l) },
    { label: l.resolved, view: metricView(loop.resolvedWithinSla, st.rate, l) },
    { label: l.overdue, view: count(loop.overdueNow) },
  ];
  if (loop.recovered) rows.push({ label: l.recovered, view: metricView(loop.recovered, st.rate, l) });
  return rows;
};

// ---------------------------------------------------------------------------------------------
// HTML part.

const C = {
  page: "#f3f4f6",
  card: "#ffffff",
  tile: "#f9fafb",
  text: "#111827",
  muted: "#4b5563",
  border: "#e5e7eb",
  link: "#1d4ed8",
  good: "#047857",
  bad: "#b91c1c",
  neutral: "#4b5563",
  bar: "#1d4ed8",
  barLight: "#93c5fd",
  track: "#e5e7eb",
  quote: "#9ca3af",
} as const;

const TONE: Record<Tone, string> = { good: C.good, bad: C.bad, neutral: C.neutral };

const SYSTEM = "-apple-system,'Segoe UI',Roboto,Arial";
const CJK_SC = "'PingFang SC','Microsoft YaHei'";
const CJK_TC = "'PingFang TC','Microsoft JhengHei'";
const fontFor = (locale: DigestLocale): string =>
  `${SYSTEM},${locale === "zh-Hant" ? `${CJK_TC},${CJK_SC}` : `${CJK_SC},${CJK_TC}`},sans-serif`;

// Mobile stacking and dark-mode colours; an enhancement only, every colour is also inline.
const STYLE =
  "<style>" +
  "@media only screen and (max-width:600px){.hb-stack{display:block!important;width:100%!important;box-sizing:border-box}.hb-pad{padding-left:16px!important;padding-right:16px!important}.hb-wide{display:none!important}}" +
  "@media (prefers-color-scheme:dark){.hb-page{background-color:#0b1220!important}.hb-card{background-color:#111827!important}.hb-tile{background-color:#1f2937!important}" +
  ".hb-text{color:#f3f4f6!important}.hb-muted{color:#9ca3af!important}.hb-good{color:#34d399!important}.hb-bad{color:#f87171!important}.hb-neutral{color:#9ca3af!important}.hb-link{color:#93c5fd!important}.hb-line{border-color:#374151!important}}" +
  "</style>";

const table = (inner: string, attrs = "") =>
  `<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%"${attrs}>${inner}</table>`;

interface Ctx {
  l: Labels;
  font: string;
}

const text = (
  size: number,
  opts: { bold?: boolean; muted?: boolean; colour?: string; cls?: string; css?: string } = {},
) => {
  const colour = opts.colour ?? (opts.muted ? C.muted : C.text);
  const cls = opts.cls ?? (opts.muted ? "hb-muted" : "hb-text");
  return `class="${cls}" style="font-size:${size}px;line-height:${Math.round(size * 1.45)}px;color:${colour}${opts.bold ? ";font-weight:bold" : ""}${opts.css ? `;${opts.css}` : ""}"`;
};

const link = (url: string, label: string, size = 13) =>
  `<a href="${escapeHtml(url)}" target="_blank" class="hb-link" style="font-size:${size}px;color:${C.link};text-decoration:underline">${escapeHtml(label)}</a>`;

const tone = (c: Change, size = 13) =>
  `<span class="hb-${c.tone}" style="font-size:${size}px;color:${TONE[c.tone]};font-weight:bold">${escapeHtml(`${c.arrow} ${c.text}`)}</span>`;

const heading = (ctx: Ctx, label: string) =>
  `<tr><td class="hb-pad" style="padding:28px 32px 8px 32px;font-family:${ctx.font}"><div ${text(18, { bold: true })}>${escapeHtml(label)}</div></td></tr>`;

/** Horizontal bar of `pct` (0..100) drawn with two table cells. */
const bar = (pct: number, colour: string, height = 10) => {
  const w = Math.max(0, Math.min(100, Math.round(pct)));
  const cell = (width: number, bg: string) =>
    `<td width="${width}%" height="${height}" bgcolor="${bg}" style="width:${width}%;height:${height}px;background-color:${bg};font-size:1px;line-height:${height}px">&nbsp;</td>`;
  const cells = (w > 0 ? cell(w, colour) : "") + (w < 100 ? cell(100 - w, C.track) : "");
  return table(`<tr>${cells}</tr>`);
};

/** A chart and where the HTML finds it: `cid:...`, or a data: URL. */
interface Chart {
  image: DigestImage;
  src: string;
}

const percentWidth = (share: number): string => `${Number(share.toFixed(4))}%`;

/**
 * A chart image and, under it, its labels in as many equal columns as the chart has: image and
 * row shrink together on narrow screens, so they stay lined up. The alt text carries the numbers
 * when images are blocked (styled so it reads like the text around it).
 */
const chartBlock = (ctx: Ctx, { image, src }: Chart, labels: readonly string[]): string => {
  const img =
    `<img src="${escapeHtml(src)}" width="${image.width}" height="${image.height}" alt="${escapeHtml(image.alt)}" ` +
    `style="display:block;max-width:100%;height:auto;border:0;outline:none;text-decoration:none;font-family:${ctx.font};font-size:13px;line-height:18px;color:${C.muted}">`;
  const width = percentWidth(labels.length > 0 ? 100 / labels.length : 100);
  const cells = labels
    .map(
      (label) =>
        `<td align="center" valign="top" width="${width}" style="width:${width};padding:4px 0 0 0;font-family:${ctx.font}">${label}</td>`,
    )
    .join("");
  return (
    `<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="${image.width}" style="width:100%;max-width:${image.width}px">` +
    `<tr><td style="padding:0">${img}</td></tr>` +
    (cells ? `<tr><td style="padding:0">${table(`<tr>${cells}</tr>`, ' style="table-layout:fixed"')}</td></tr>` : "") +
    "</table>"
  );
};

/** The NPS trend under the KPI tiles: the chart, and each week with its score under its bar. */
const npsTrendBlock = (d: Digest, ctx: Ctx, chart: Chart): string => {
  const last = d.trend.length - 1;
  const labels = d.trend.map(
    (p, i) =>
      `<div ${text(11, { muted: true })}>${escapeHtml(p.week.replace(/^\d{4}-/, ""))}</div>` +
      `<div ${text(12, { bold: i === last })}>${escapeHtml(num(p.nps, 0))}</div>`,
  );
  return (
    `<div ${text(13, { bold: true, muted: true, css: "padding:12px 0 6px 0" })}>${escapeHtml(ctx.l.npsTrend(d.trend.length))}</div>` +
    chartBlock(ctx, chart, labels)
  );
};

/** The Pareto chart above the table: each bar numbered like the table's rows. */
const paretoChartBlock = (d: Digest, ctx: Ctx, chart: Chart): string => {
  const bars = paretoBars(d.themes);
  const labels = Array.from({ length: paretoColumns(bars.length) }, (_, i) => {
    const t = bars[i];
    return t ? `<div ${text(12, { bold: t.vital, muted: !t.vital })}>${i + 1}</div>` : "&nbsp;";
  });
  return `<div style="padding:0 0 12px 0">${chartBlock(ctx, chart, labels)}</div>`;
};

const metricLines = (v: MetricView, ctx: Ctx, big: number): string => {
  const { l } = ctx;
  const main = v.enough
    ? `<div ${text(big, { bold: true })}>${escapeHtml(v.value)}${v.margin ? ` <span ${text(13, { muted: true })} title="${escapeHtml(l.marginOfError)}">${escapeHtml(v.margin)}</span>` : ""}</div>`
    : `<div ${text(14, { bold: true, muted: true })}>${escapeHtml(v.value)}</div>`;
  const lines = [main];
  if (v.change)
    lines.push(`<div>${tone(v.change)} <span ${text(13, { muted: true })}>${escapeHtml(l.vsLastWeek)}</span></div>`);
  const extra = [v.average ? `${l.average8} ${v.average}` : "", v.enough && v.n ? v.n : ""].filter(Boolean).join(" · ");
  if (extra) lines.push(`<div ${text(12, { muted: true })}>${escapeHtml(extra)}</div>`);
  return lines.join("");
};

const tile = (ctx: Ctx, title: string, body: string) =>
  `<td class="hb-stack" width="33%" valign="top" style="padding:6px">` +
  table(
    `<tr><td class="hb-tile" bgcolor="${C.tile}" valign="top" style="background-color:${C.tile};padding:14px;font-family:${ctx.font};border:1px solid ${C.border};border-radius:6px">` +
      `<div ${text(13, { bold: true, muted: true })}>${escapeHtml(title)}</div>${body}</td></tr>`,
    ` bgcolor="${C.tile}"`,
  ) +
  "</td>";

const kpiTiles = (d: Digest, ctx: Ctx): string => {
  const { l } = ctx;
  const st = styles(l);
  const nps = metricView(d.nps, st.nps, l);
  let npsBody = metricLines(nps, ctx, 30);
  if (nps.enough) {
    const split = npsSplit(d.nps, l);
    const cells = split
      .filter((s) => s.pct > 0)
      .map(
        (s) =>
          `<td width="${s.pct}%" height="10" bgcolor="${s.colour}" title="${escapeHtml(`${s.label} ${l.pct(String(s.pct))}`)}" style="width:${s.pct}%;height:10px;background-color:${s.colour};font-size:1px;line-height:10px">&nbsp;</td>`,
      )
      .join("");
    const legend = split
      .map(
        (s) =>
          `<span style="color:${s.colour};font-size:12px">&#9632;</span>&nbsp;${escapeHtml(`${s.label} ${l.pct(String(s.pct))}`)}`,
      )
      .join("<br>");
    if (cells) npsBody += `<div style="padding-top:8px">${table(`<tr>${cells}</tr>`)}</div>`;
    npsBody += `<div ${text(12, { muted: true, css: "padding-top:6px" })}>${legend}</div>`;
  }
  const csatBody = metricLines(metricView(d.csat, st.csat, l), ctx, 30);
  const total = metricView(d.volume.total, st.volume, l);
  const counts = CHANNELS.map((c) => d.volume.byChannel[c]?.value ?? 0);
  const shares = percentages(counts);
  const channels = CHANNELS.map((c, i) => {
    const m = d.volume.byChannel[c];
    if (!m) return "";
    const v = metricView(m, st.volume, l);
    const value = m.value !== undefined && Number.isFinite(m.value) ? num(m.value, 0) : DASH;
    return (
      `<div ${text(12, { css: "padding-top:6px" })}>${escapeHtml(`${l.channel[c]}: ${value}`)}${v.change ? ` ${tone(v.change, 12)}` : ""}</div>` +
      bar(shares[i] ?? 0, C.barLight, 6)
    );
  }).join("");
  const volumeBody = metricLines(total, ctx, 30) + channels;
  return table(`<tr>${tile(ctx, l.nps, npsBody)}${tile(ctx, l.csat, csatBody)}${tile(ctx, l.volume, volumeBody)}</tr>`);
};

const paretoTable = (d: Digest, ctx: Ctx, chart: Chart | undefined): string => {
  const { l } = ctx;
  if (d.themes.length === 0) return `<div ${text(14, { muted: true })}>${escapeHtml(l.noComplaints)}</div>`;
  const maxShare = Math.max(...d.themes.map((t) => (Number.isFinite(t.shareOfComplaints) ? t.shareOfComplaints : 0)));
  // Text styles sit on the cells themselves (no wrapping spans): the table is the bulk of the email.
  const cell = (
    tag: "th" | "td",
    align: string,
    content: string,
    o: { muted?: boolean; bold?: boolean; wide?: boolean; css?: string } = {},
  ) =>
    `<${tag} align="${align}" valign="top" class="hb-line ${o.muted ? "hb-muted" : "hb-text"}${o.wide ? " hb-wide" : ""}" ` +
    `style="padding:6px 4px;font-family:${ctx.font};font-size:13px;line-height:18px;color:${o.muted ? C.muted : C.text};` +
    `font-weight:${o.bold ? "bold" : "normal"};border-bottom:1px solid ${C.border}${o.css ?? ""}">${content}</${tag}>`;
  const head = (
    [
      [l.rank, "left"],
      [l.theme, "left"],
      [l.negative, "right"],
      [l.change, "right"],
      [l.share, "right"],
      [l.cumulative, "right"],
    ] as const
  )
    .map(([label, align], i) => cell("th", align, escapeHtml(label), { muted: true, bold: true, wide: i === 5 }))
    .join("");
  const rows = d.themes
    .map((t, i) => {
      const ch = themeChange(t, l);
      const barPct = maxShare > 0 ? (t.shareOfComplaints / maxShare) * 100 : 0;
      const vital = t.vital
        ? ` <span class="hb-bad" style="font-size:11px;color:${C.bad};white-space:nowrap">${escapeHtml(l.vital)}</span>`
        : "";
      return (
        "<tr>" +
        cell("td", "left", String(i + 1), { muted: true }) +
        cell(
          "td",
          "left",
          `${escapeHtml(t.label)}${vital}<div style="padding-top:4px">${bar(barPct, t.vital ? C.bar : C.barLight, 8)}</div>`,
          { bold: t.vital, css: ";width:40%" },
        ) +
        cell("td", "right", escapeHtml(num(t.negative, 0))) +
        cell("td", "right", ch ? tone(ch, 12) : DASH, { muted: true, css: ";white-space:nowrap" }) +
        cell("td", "right", escapeHtml(l.pct(num(t.shareOfComplaints * 100, 0)))) +
        cell("td", "right", escapeHtml(l.pct(num(t.cumulativeShare * 100, 0))), { muted: true, wide: true }) +
        "</tr>"
      );
    })
    .join("");
  return (
    `<div ${text(13, { muted: true, css: "padding-bottom:8px" })}>${escapeHtml(l.themesIntro)}</div>` +
    (chart ? paretoChartBlock(d, ctx, chart) : "") +
    table(`<tr>${head}</tr>${rows}`, ' style="border-collapse:collapse"')
  );
};

const trendsBlock = (d: Digest, ctx: Ctx): string =>
  d.emerging
    .map((s) => {
      const v = trendView(s, ctx.l);
      return (
        `<div style="padding:0 0 12px 0"><span class="hb-${v.tone}" style="font-size:14px;color:${TONE[v.tone]};font-weight:bold">${escapeHtml(`${v.arrow} ${s.label} · ${v.direction}`)}</span>` +
        `<div ${text(13)}>${escapeHtml(v.counts)}</div>` +
        `<div ${text(13, { muted: true })}>${escapeHtml(s.test)} (${escapeHtml(v.p)})</div></div>`
      );
    })
    .join("");

const quoteBlock = (v: Verbatim, ctx: Ctx): string => {
  const [open, close] = quoteMarks(v.language);
  const lang = LANG_TAG.test(v.language) ? ` lang="${escapeHtml(v.language)}"` : "";
  const font = fontFor(negotiateLocale(v.language));
  const body = escapeHtml(quoteText(v.text)).replace(/\n/g, "<br>");
  const url = safeUrl(v.link);
  const meta = escapeHtml(verbatimMeta(v, ctx.l)) + (url ? ` · ${link(url, ctx.l.view, 12)}` : "");
  return table(
    `<tr><td width="3" bgcolor="${C.quote}" style="width:3px;background-color:${C.quote};font-size:1px;line-height:1px">&nbsp;</td>` +
      `<td class="hb-tile" bgcolor="${C.tile}" style="background-color:${C.tile};padding:10px 14px;font-family:${ctx.font}">` +
      `<blockquote${lang} class="hb-text" style="margin:0;padding:0;${font === ctx.font ? "" : `font-family:${font};`}font-size:15px;line-height:22px;color:${C.text}">${open}${body}${close}</blockquote>` +
      `<div ${text(12, { muted: true, css: "padding-top:6px" })}>${meta}</div></td></tr>`,
    ` bgcolor="${C.tile}" style="margin:0 0 10px 0"`,
  );
};

const verbatimsBlock = (d: Digest, ctx: Ctx): string =>
  verbatimGroups(d)
    .map(
      (g) =>
        `<div ${text(14, { bold: true, css: "padding:8px 0 6px 0" })}>${escapeHtml(g.label)}</div>` +
        g.items
          .map((v) => `${quoteBlock(v, ctx)}<div style="height:8px;line-height:8px;font-size:1px">&nbsp;</div>`)
          .join(""),
    )
    .join("");

const loopBlock = (loop: LoopSummary, ctx: Ctx): string =>
  table(
    loopRows(loop, ctx.l)
      .map(
        ({ label, view }) =>
          `<tr><td class="hb-line" valign="top" style="padding:6px 4px;font-family:${ctx.font};border-bottom:1px solid ${C.border}"><span ${text(14)}>${escapeHtml(label)}</span></td>` +
          `<td class="hb-line" align="right" valign="top" style="padding:6px 4px;font-family:${ctx.font};border-bottom:1px solid ${C.border}">` +
          `<span ${text(14, { bold: view.enough, muted: !view.enough })}>${escapeHtml(view.value)}</span>` +
          (view.margin ? ` <span ${text(12, { muted: true })}>${escapeHtml(view.margin)}</span>` : "") +
          (view.change ? ` ${tone(view.change, 12)}` : "") +
          (view.enough && view.n ? `<div ${text(12, { muted: true })}>${escapeHtml(view.n)}</div>` : "") +
          "</td></tr>",
      )
      .join(""),
    ' style="border-collapse:collapse"',
  );

const section = (ctx: Ctx, inner: string) =>
  `<tr><td class="hb-pad" style="padding:0 32px 8px 32px;font-family:${ctx.font}">${inner}</td></tr>`;

const renderHtml = (
  d: Digest,
  subject: string,
  brand: string,
  unsubscribe: string,
  preview: string | undefined,
  charts: { npsTrend: Chart | undefined; pareto: Chart | undefined },
) => {
  const l = DIGEST_LABELS[d.locale] ?? en;
  const ctx: Ctx = { l, font: fontFor(d.locale) };
  const preheader =
    `<div style="display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all;color:${C.page}">` +
    `${escapeHtml(clean(d.headline))}${"&#847;&zwnj;&nbsp;".repeat(40)}</div>`;
  const top =
    `<tr><td class="hb-pad" style="padding:24px 32px 4px 32px;font-family:${ctx.font}">` +
    (preview
      ? `<div align="right" style="text-align:right;padding-bottom:8px">${link(preview, l.viewInBrowser, 12)}</div>`
      : "") +
    `<div ${text(13, { bold: true, muted: true })}>${escapeHtml(`${brand} · ${l.title}`)}</div>` +
    `<div ${text(13, { muted: true })}>${escapeHtml(`${l.week(d.week, d.from, d.to)} · ${d.teamLabel}`)}</div>` +
    `<h1 class="hb-text" style="margin:12px 0 8px 0;font-family:${ctx.font};font-size:24px;line-height:32px;font-weight:bold;color:${C.text}">${escapeHtml(clean(d.headline))}</h1>` +
    "</td></tr>";
  const parts = [top, `<tr><td class="hb-pad" style="padding:8px 26px">${kpiTiles(d, ctx)}</td></tr>`];
  if (charts.npsTrend) parts.push(section(ctx, npsTrendBlock(d, ctx, charts.npsTrend)));
  parts.push(heading(ctx, l.themes), section(ctx, paretoTable(d, ctx, charts.pareto)));
  if (d.emerging.length > 0) parts.push(heading(ctx, l.trends), section(ctx, trendsBlock(d, ctx)));
  if (d.verbatims.length > 0) parts.push(heading(ctx, l.verbatims), section(ctx, verbatimsBlock(d, ctx)));
  if (d.loop) parts.push(heading(ctx, l.loop), section(ctx, loopBlock(d.loop, ctx)));
  const method = d.method.map((m) => `<div ${text(12, { muted: true })}>${escapeHtml(m)}</div>`).join("");
  const footer =
    `<tr><td class="hb-pad hb-line" style="padding:20px 32px 28px 32px;font-family:${ctx.font};border-top:1px solid ${C.border}">` +
    (method ? `<div ${text(12, { bold: true, muted: true })}>${escapeHtml(l.method)}</div>${method}` : "") +
    `<div ${text(12, { muted: true, css: "padding-top:12px" })}>${escapeHtml(l.why(brand, d.teamLabel))}</div>` +
    `<div style="padding-top:6px">${link(unsubscribe, l.unsubscribe, 12)}${preview ? ` · ${link(preview, l.viewInBrowser, 12)}` : ""}</div>` +
    "</td></tr>";
  parts.push(footer);
  const card = table(
    parts.join(""),
    ` class="hb-card" bgcolor="${C.card}" style="max-width:640px;background-color:${C.card}"`,
  );
  return (
    `<!DOCTYPE html><html lang="${d.locale}" dir="ltr"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="x-apple-disable-message-reformatting">' +
    '<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">' +
    `<title>${escapeHtml(subject)}</title>${STYLE}</head>` +
    `<body class="hb-page" bgcolor="${C.page}" style="margin:0;padding:0;background-color:${C.page};-webkit-text-size-adjust:100%">` +
    preheader +
    table(
      `<tr><td align="center" style="padding:16px 8px">` +
        `<!--[if mso]><table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0" align="center"><tr><td><![endif]-->` +
        card +
        "<!--[if mso]></td></tr></table><![endif]-->" +
        "</td></tr>",
      ` class="hb-page" bgcolor="${C.page}" style="background-color:${C.page}"`,
    ) +
    "</body></html>"
  );
};

// ---------------------------------------------------------------------------------------------
// Plain-text part.

const WIDTH = 78;
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1faff}\u{20000}-\u{3fffd}]/u;
const widthOf = (s: string): number => Array.from(s).reduce((w, c) => w + (WIDE.test(c) ? 2 : 1), 0);

/** Greedy wrap by display width (CJK counts double, breaks between CJK characters). */
const wrap = (value: string, indent = "", width = WIDTH): string[] =>
  value.split("\n").flatMap((paragraph) => {
    const tokens = paragraph.match(new RegExp(`\\s+|${WIDE.source}|[^\\s${WIDE.source.slice(1, -1)}]+`, "gu")) ?? [];
    const lines: string[] = [];
    let line = "";
    let space = false;
    for (const token of tokens) {
      if (/^\s+$/.test(token)) {
        space = line !== "";
        continue;
      }
      const sep = space ? " " : "";
      if (line !== "" && widthOf(indent + line + sep + token) > width) {
        lines.push(line);
        line = token;
      } else {
        line += sep + token;
      }
      space = false;
    }
    lines.push(line);
    return lines.map((l) => (l === "" ? "" : indent + l));
  });

const title = (label: string, ch = "-") => [label, ch.repeat(Math.min(WIDTH, Math.max(3, widthOf(label))))];

const metricText = (v: MetricView, l: Labels): string[] => {
  if (!v.enough) return [v.value, ...(v.average ? [`${l.average8} ${v.average}`] : [])];
  const lines = [`${v.value}${v.margin ? ` ${v.margin}` : ""} (${v.n})`];
  const extra = [
    v.change ? `${v.change.arrow} ${v.change.text} ${l.vsLastWeek}` : "",
    v.average ? `${l.average8} ${v.average}` : "",
  ].filter(Boolean);
  if (extra.length > 0) lines.push(extra.join(" · "));
  return lines;
};

const textBar = (pct: number, width = 20) => {
  const n = Math.max(0, Math.min(width, Math.round((pct / 100) * width)));
  return `${"█".repeat(n)}${"·".repeat(width - n)}`;
};

const renderText = (d: Digest, brand: string, unsubscribe: string, preview: string | undefined): string => {
  const l = DIGEST_LABELS[d.locale] ?? en;
  const st = styles(l);
  const out: string[] = [];
  const blank = () => out.push("");
  out.push(...wrap(clean(`${brand} · ${l.title} · ${l.week(d.week, d.from, d.to)} · ${d.teamLabel}`)));
  if (preview) out.push(`${l.viewInBrowser}: ${preview}`);
  blank();
  out.push(...title(clean(d.headline), "="));
  blank();

  const nps = metricView(d.nps, st.nps, l);
  out.push(...title(l.nps), ...metricText(nps, l).flatMap((s) => wrap(s)));
  if (nps.enough) {
    const split = npsSplit(d.nps, l);
    out.push(...wrap(split.map((s) => `${s.label} ${l.pct(String(s.pct))}`).join(" · ")));
  }
  if (d.trend.length > 0) out.push(...wrap(npsTrendAlt(d.trend, d.locale)));
  blank();
  out.push(...title(l.csat), ...metricText(metricView(d.csat, st.csat, l), l).flatMap((s) => wrap(s)));
  blank();
  out.push(...title(l.volume), ...metricText(metricView(d.volume.total, st.volume, l), l).flatMap((s) => wrap(s)));
  for (const c of CHANNELS) {
    const m = d.volume.byChannel[c];
    if (!m) continue;
    const v = metricView(m, st.volume, l);
    const value = m.value !== undefined && Number.isFinite(m.value) ? num(m.value, 0) : DASH;
    out.push(...wrap(`${l.channel[c]}: ${value}${v.change ? ` (${v.change.arrow} ${v.change.text})` : ""}`, "  "));
  }
  blank();

  out.push(...title(l.themes));
  if (d.themes.length === 0) out.push(l.noComplaints);
  else out.push(...wrap(l.themesIntro));
  const maxShare = Math.max(
    0,
    ...d.themes.map((t) => (Number.isFinite(t.shareOfComplaints) ? t.shareOfComplaints : 0)),
  );
  d.themes.forEach((t, i) => {
    const ch = themeChange(t, l);
    blank();
    out.push(...wrap(`${i + 1}. ${clean(t.label)}${t.vital ? ` [${l.vital}]` : ""}`));
    out.push(
      ...wrap(
        `${l.negative} ${num(t.negative, 0)} · ${l.change} ${ch ? `${ch.arrow} ${ch.text}` : DASH} · ${l.share} ${l.pct(num(t.shareOfComplaints * 100, 0))} · ${l.cumulative} ${l.pct(num(t.cumulativeShare * 100, 0))}`,
        "   ",
      ),
    );
    out.push(`   ${textBar(maxShare > 0 ? (t.shareOfComplaints / maxShare) * 100 : 0)}`);
  });
  blank();

  if (d.emerging.length > 0) {
    out.push(...title(l.trends));
    for (const s of d.emerging) {
      const v = trendView(s, l);
      out.push(...wrap(`${v.arrow} ${clean(s.label)} · ${v.direction}`));
      out.push(...wrap(v.counts, "  "), ...wrap(`${clean(s.test)} (${v.p})`, "  "));
      blank();
    }
  }

  if (d.verbatims.length > 0) {
    out.push(...title(l.verbatims));
    for (const g of verbatimGroups(d)) {
      out.push(`[${clean(g.label)}]`);
      for (const v of g.items) {
        const [open, close] = quoteMarks(v.language);
        out.push(...wrap(`${open}${quoteText(v.text)}${close}`, "  > "));
        const url = safeUrl(v.link);
        out.push(...wrap(`— ${verbatimMeta(v, l)}`, "    "));
        if (url) out.push(`    ${l.view}: ${url}`);
        blank();
      }
    }
  }

  if (d.loop) {
    out.push(...title(l.loop));
    for (const { label, view } of loopRows(d.loop, l)) {
      const detail = [
        view.margin,
        view.change ? `${view.change.arrow} ${view.change.text}` : "",
        view.enough ? view.n : "",
      ]
        .filter(Boolean)
        .join(" · ");
      out.push(...wrap(`${label}: ${view.value}${detail ? ` (${detail})` : ""}`));
    }
    blank();
  }

  if (d.method.length > 0) {
    out.push(...title(l.method));
    for (const m of d.method)
      out.push(...wrap(clean(m), "  ", WIDTH).map((s, i) => (i === 0 ? `- ${s.trimStart()}` : s)));
    blank();
  }
  out.push("--", ...wrap(clean(l.why(brand, d.teamLabel))), `${l.unsubscribe}: ${unsubscribe}`);
  if (preview) out.push(`${l.viewInBrowser}: ${preview}`);
  return `${out.map((line) => line.trimEnd()).join("\n")}\n`;
};

// ---------------------------------------------------------------------------------------------

/** Subject: brand, week and the headline, e.g. "hearback 2026-W47 · NPS 42 (+5) · Delivery complaints up 38 %". */
const subjectOf = (d: Digest, brand: string): string => {
  const headline = clean(d.headline);
  const prefix = clean(`${brand} ${d.week}`);
  return headline.includes(d.week) ? clean(`${brand} · ${headline}`) : `${prefix} · ${headline}`;
};

export const renderDigestEmail = (digest: Digest, opts: RenderOptions): RenderedEmail => {
  const unsubscribe = safeUrl(opts.unsubscribeUrl);
  if (unsubscribe === undefined) throw new RangeError("unsubscribeUrl must be an http(s) URL");
  const preview = safeUrl(opts.previewUrl);
  const brand = clean(opts.brand ?? "") || "hearback";
  const subject = subjectOf(digest, brand);
  const inline = opts.images === "inline-data";
  const chart = (image: DigestImage | undefined): Chart | undefined =>
    image && {
      image,
      src: inline
        ? `data:${image.contentType};base64,${Buffer.from(image.png).toString("base64")}`
        : `cid:${image.cid}`,
    };
  const { npsTrend, pareto } = digestCharts(digest);
  return {
    subject,
    html: renderHtml(digest, subject, brand, unsubscribe, preview, {
      npsTrend: chart(npsTrend),
      pareto: chart(pareto),
    }),
    text: renderText(digest, brand, unsubscribe, preview),
    images: inline ? [] : [npsTrend, pareto].filter((i) => i !== undefined),
  };
};
