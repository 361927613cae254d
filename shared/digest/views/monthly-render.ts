import { escapeHtml } from "#shared/kernel/html";
import type { MonthlyReport, MonthlyThemeLine } from "../model/monthly.ts";
import { clean, num, safeUrl } from "./format.ts";
import { emailDocument } from "./html-document.ts";
import { C, type Ctx, fontFor, heading, link, section, table, text, unbroken } from "./html-kit.ts";
import { loopBlock } from "./html-sections.ts";
import { monthlyLabelsFor } from "./monthly-labels.ts";
import { loopRows } from "./view-model.ts";

/**
 * The monthly "top 5 after-sales problems" report as an email: subject, HTML and plain text in the
 * subscription's language. The same building blocks as the weekly digest (html-kit.ts, the loop
 * table, its words where they are the same); no charts, so nothing to attach. A fix's note is the
 * team's own words and is quoted as written, like a customer's.
 */

export interface RenderedMonthly {
  subject: string;
  html: string;
  text: string;
}

type Words = ReturnType<typeof monthlyLabelsFor>;

const trendOf = (line: MonthlyThemeLine, { m, l }: Words): string => {
  // None in the three months before: new, rising only when the test says so.
  if (line.baselineRate === 0) return `${l.newTheme} · ${m[line.direction]}`;
  if (line.baselineRate === undefined || line.change === undefined || line.pValue === undefined) return m.noBaseline;
  return `${m[line.direction]} · ${m.against(line.rate, line.baselineRate, line.change, line.pValue)}`;
};

const pct = (share: number, { l }: Words) => l.pct(num(share * 100, 0));

const fixLines = (r: MonthlyReport, { m }: Words) =>
  r.fixesThatWorked.map((f) => ({
    line: m.fix(f.label, f.fix.date, f.change, f.rateBefore, f.rateAfter, f.weeksBefore, f.weeksAfter, f.pValue),
    note: f.fix.note,
  }));

const cell = (ctx: Ctx, inner: string, align: "left" | "right" = "left") =>
  `<td class="hb-line" align="${align}" valign="top" style="padding:6px 4px;font-family:${ctx.font};border-bottom:1px solid ${C.border}">${inner}</td>`;
const th = (ctx: Ctx, label: string, scope: "col" | "row", align: "left" | "right" = "left") =>
  `<th scope="${scope}" align="${align}" class="hb-line" valign="top" style="padding:6px 4px;font-family:${ctx.font};font-weight:${scope === "col" ? "bold" : "normal"};border-bottom:1px solid ${C.border}"><span ${text(scope === "col" ? 12 : 14, { muted: scope === "col" })}>${escapeHtml(label)}</span></th>`;

const topTable = (r: MonthlyReport, ctx: Ctx, w: Words): string => {
  if (r.top.length === 0) return `<div ${text(14, { muted: true })}>${escapeHtml(w.m.noComplaints)}</div>`;
  const head = `<tr>${th(ctx, w.l.rank, "col")}${th(ctx, w.l.theme, "col")}${th(ctx, w.m.complaints, "col", "right")}${th(ctx, w.m.share, "col", "right")}</tr>`;
  const rows = r.top
    .map(
      (line, i) =>
        `<tr>${cell(ctx, `<span ${text(14, { muted: true })}>${i + 1}</span>`)}${th(ctx, line.label, "row")}` +
        cell(ctx, `<span ${text(14, { bold: true })}>${line.complaints}</span>`, "right") +
        cell(ctx, `<span ${text(14)}>${escapeHtml(unbroken(pct(line.share, w)))}</span>`, "right") +
        `</tr><tr><td></td><td colspan="3" style="padding:0 4px 8px 4px;font-family:${ctx.font}"><span ${text(12, {
          colour: line.direction === "rising" ? C.bad : line.direction === "falling" ? C.good : C.muted,
          cls: line.direction === "rising" ? "hb-bad" : line.direction === "falling" ? "hb-good" : "hb-muted",
        })}>${escapeHtml(`${w.m.rate} ${trendOf(line, w)}`)}</span></td></tr>`,
    )
    .join("");
  return `<table cellpadding="0" cellspacing="0" border="0" width="100%" style="border-collapse:collapse">${head}${rows}</table>`;
};

const workedBlock = (r: MonthlyReport, ctx: Ctx, w: Words): string => {
  const fixes = fixLines(r, w);
  const items = fixes.length
    ? fixes
        .map(
          (f) =>
            `<div ${text(14, { css: "padding-top:6px" })}>${escapeHtml(f.line)}</div>` +
            // The rule beside the note is a cell of its own: Outlook for Windows draws no border on a blockquote.
            `<div style="padding-top:4px">${table(
              `<tr><td width="3" bgcolor="${C.quote}" style="width:3px;background-color:${C.quote};font-size:1px;line-height:1px">&nbsp;</td>` +
                `<td style="padding:0 0 0 10px;font-family:${ctx.font}"><blockquote style="margin:0;padding:0"><span ${text(13, { muted: true })}>${escapeHtml(clean(f.note))}</span></blockquote></td></tr>`,
            )}</div>`,
        )
        .join("")
    : `<div ${text(14, { muted: true })}>${escapeHtml(w.m.noFixes)}</div>`;
  const falling = r.falling.length
    ? `<div ${text(14, { bold: true, css: "padding-top:12px" })}>${escapeHtml(w.m.alsoFalling)}</div>` +
      r.falling
        .map(
          (line) => `<div ${text(14)}>${escapeHtml(`${line.label}${w.l.colon}${w.m.rate} ${trendOf(line, w)}`)}</div>`,
        )
        .join("")
    : "";
  return items + falling;
};

export const renderMonthlyEmail = (
  r: MonthlyReport,
  opts: {
    unsubscribeUrl: string;
    brand?: string;
    /** The explorer, opened with this reader's signed link (scoped to the subscription); dropped unless http(s). */
    explorerUrl?: string;
  },
): RenderedMonthly => {
  const unsubscribe = safeUrl(opts.unsubscribeUrl);
  if (unsubscribe === undefined) throw new RangeError("unsubscribeUrl must be an http(s) URL");
  const explorer = safeUrl(opts.explorerUrl);
  const brand = clean(opts.brand ?? "") || "hearback";
  const w = monthlyLabelsFor(r.locale);
  const { m, l } = w;
  const subject = clean(`${brand} · ${m.subject(r.month)}`);
  const method = m.method(l.weekSpan(r.weeks[0] ?? "", r.weeks.at(-1) ?? ""));
  const ctx: Ctx = { l, font: fontFor(r.locale) };
  const top =
    `<tr><td class="hb-pad" style="padding:24px 32px 4px 32px;font-family:${ctx.font}">` +
    `<div ${text(13, { bold: true, muted: true })}>${escapeHtml(`${brand} · ${m.title}`)}</div>` +
    `<div ${text(13, { muted: true })}>${escapeHtml(`${m.period(r.month, r.weeks.length, r.from, r.to)} · ${r.teamLabel}`)}</div>` +
    `<h1 class="hb-text" style="margin:12px 0 4px 0;font-family:${ctx.font};font-size:24px;line-height:32px;font-weight:bold;color:${C.text}">${escapeHtml(m.subject(r.month))}</h1>` +
    `<div ${text(14, { muted: true })}>${escapeHtml(m.summary(r.responses, r.complaints))}</div>` +
    (explorer ? `<div ${text(13, { css: "padding-top:8px" })}>${link(explorer, l.digDeeper)}</div>` : "") +
    "</td></tr>";
  const parts = [top, heading(ctx, m.top), section(ctx, topTable(r, ctx, w))];
  parts.push(heading(ctx, m.worked), section(ctx, workedBlock(r, ctx, w)));
  if (r.loop) parts.push(heading(ctx, l.loop), section(ctx, loopBlock(r.loop, ctx)));
  parts.push(
    `<tr><td class="hb-pad hb-line" style="padding:20px 32px 28px 32px;font-family:${ctx.font};border-top:1px solid ${C.border}">` +
      `<div ${text(12, { bold: true, muted: true })}>${escapeHtml(l.method)}</div>` +
      method.map((line) => `<div ${text(12, { muted: true })}>${escapeHtml(line)}</div>`).join("") +
      `<div ${text(12, { muted: true, css: "padding-top:12px" })}>${escapeHtml(m.why(brand, r.teamLabel))}</div>` +
      `<div ${text(12, { muted: true, css: "padding-top:6px" })}>${link(unsubscribe, l.unsubscribe, 12)}` +
      (explorer ? ` · ${link(explorer, l.digDeeper, 12)}` : "") +
      "</div></td></tr>",
  );
  const html = emailDocument({
    locale: r.locale,
    subject,
    preheader: `${m.subject(r.month)} · ${m.summary(r.responses, r.complaints)}`,
    card: parts.join(""),
  });
  return { subject, html, text: renderMonthlyText(r, w, brand, unsubscribe, method, explorer) };
};

const renderMonthlyText = (
  r: MonthlyReport,
  w: Words,
  brand: string,
  unsubscribe: string,
  method: string[],
  explorer: string | undefined,
) => {
  const { m, l } = w;
  const out = [
    `${brand} · ${m.title}`,
    `${m.period(r.month, r.weeks.length, r.from, r.to)} · ${r.teamLabel}`,
    ...(explorer ? [`${l.digDeeper}${l.colon}${explorer}`] : []),
    "",
    m.subject(r.month),
    m.summary(r.responses, r.complaints),
    "",
    `== ${m.top} ==`,
  ];
  if (r.top.length === 0) out.push(m.noComplaints);
  r.top.forEach((line, i) => {
    out.push(
      `${i + 1}. ${line.label}${l.colon}${m.complaints} ${line.complaints}${l.comma}${m.share} ${pct(line.share, w)}`,
    );
    out.push(`   ${m.rate} ${trendOf(line, w)}`);
  });
  out.push("", `== ${m.worked} ==`);
  const fixes = fixLines(r, w);
  if (fixes.length === 0) out.push(m.noFixes);
  for (const f of fixes) out.push(`- ${f.line}`, `  > ${clean(f.note)}`);
  if (r.falling.length > 0) {
    out.push(`${m.alsoFalling}${l.colon.trim()}`);
    for (const line of r.falling) out.push(`- ${line.label}${l.colon}${m.rate} ${trendOf(line, w)}`);
  }
  if (r.loop) {
    out.push("", `== ${l.loop} ==`);
    for (const row of loopRows(r.loop, l))
      out.push(`${row.label}${l.colon}${row.view.value}${row.view.enough && row.view.n ? ` (${row.view.n})` : ""}`);
  }
  out.push(
    "",
    `${l.method}${l.colon.trim()}`,
    ...method.map((line) => `- ${line}`),
    "",
    m.why(brand, r.teamLabel),
    `${l.unsubscribe}${l.colon}${unsubscribe}`,
    ...(explorer ? [`${l.digDeeper}${l.colon}${explorer}`] : []),
  );
  return out.join("\n");
};
