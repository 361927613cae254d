import { describe, expect, it } from "vitest";
import { ImportFileError } from "#shared/import/model/fields";
import { describeMapping, mapApiItem, mapRow, type RowOutcome, resolveMapping } from "#shared/import/model/mapping";
import { delighted, detectPreset, formbricks, generic, qualtrics, zendesk } from "#shared/import/model/presets";
import { parseFeedbackBody } from "#shared/ingest/model/validation";
import type { ValidationError } from "#shared/kernel/errors";

/** The presets map the exports people bring to API items, with source ids that make a re-run find them. */
const opts = { timeZone: "UTC" };
const item = (o: RowOutcome) => {
  if (o.kind !== "item") throw new Error(`expected an item, got ${JSON.stringify(o)}`);
  return o.item;
};
const reason = (o: RowOutcome) => (o.kind === "rejected" ? o.reason : `not rejected: ${o.kind}`);

describe("Delighted", () => {
  const header = [
    "Response ID",
    "Email",
    "Name",
    "Score",
    "Comment",
    "Response timestamp",
    "Delighted Source",
    "Customer ID",
  ];
  const mapping = resolveMapping(header, detectPreset(header));

  it("is recognized by its header and maps a response to an NPS item with its own time and a prefixed id", () => {
    expect(mapping.preset).toBe(delighted);
    const row = ["4711", "li@example.com", "李娜", "3", "快递太慢了", "1762160122", "email", "c-9"];
    expect(item(mapRow(row, mapping, opts))).toEqual({
      channel: "nps",
      score: 3,
      comment: "快递太慢了",
      customer: { id: "c-9", email: "li@example.com", name: "李娜" },
      sourceId: "delighted:4711",
      occurredAt: "2025-11-03T08:55:22.000Z",
    });
  });

  it("takes CSAT from the survey type, and rejects survey kinds hearback has no channel for", () => {
    const typed = resolveMapping([...header, "Survey type"], delighted);
    const row = ["1", "a@example.com", "A", "4", "", "1762160122", "web", "c-1"];
    expect(item(mapRow([...row, "5-star"], typed, opts)).channel).toBe("csat");
    expect(reason(mapRow([...row, "CES"], typed, opts))).toMatch(/CES answer has no hearback channel/);
  });

  it("names an anonymous respondent by the response, and refuses a row without its id", () => {
    const anonymous = resolveMapping(["Response ID", "Score", "Response timestamp"], delighted);
    expect(item(mapRow(["77", "9", "2026-11-03 09:00"], anonymous, opts))).toMatchObject({
      customer: { id: "respondent:77" },
    });
    expect(reason(mapRow(["", "9", "2026-11-03 09:00"], anonymous, opts))).toMatch(/^sourceId: empty/);
  });
});

describe("Qualtrics", () => {
  const header = [
    "StartDate",
    "RecordedDate",
    "ResponseId",
    "ExternalReference",
    "RecipientEmail",
    "UserLanguage",
    "Q1",
    "Q1_NPS_GROUP",
    "Q2",
  ];
  const mapping = resolveMapping(header, detectPreset(header), [["Q2", "comment"]]);

  it("finds the NPS question by its group column, skips the two extra header rows, and reads local times", () => {
    expect(mapping.preset).toBe(qualtrics);
    expect(
      mapRow(["Start Date", "Recorded Date", "Response ID", "", "", "", "How likely…", "", "Why?"], mapping, opts),
    ).toEqual({ kind: "skip" });
    expect(
      mapRow(['{"ImportId":"startDate"}', '{"ImportId":"recordedDate"}', '{"ImportId":"_recordId"}'], mapping, opts),
    ).toEqual({ kind: "skip" });
    const row = [
      "2026-11-03 08:58:00",
      "2026-11-03 09:00:00",
      "R_abc",
      "crm-1",
      "x@example.com",
      "ZH-S",
      "9",
      "Promoter",
      "很好",
    ];
    expect(item(mapRow(row, mapping, { timeZone: "Asia/Shanghai" }))).toEqual({
      channel: "nps",
      score: 9,
      comment: "很好",
      customer: { id: "crm-1", email: "x@example.com" },
      locale: "zh-Hans",
      sourceId: "qualtrics:R_abc",
      occurredAt: "2026-11-03T01:00:00.000Z",
    });
  });

  it("shows in the mapping which fields came from --map and which found no column", () => {
    const lines = describeMapping(mapping).join("\n");
    expect(lines).toMatch(/comment\s+<-\s+"Q2" \(--map\)/);
    expect(lines).toMatch(/score\s+<-\s+"Q1"/);
    expect(lines).toMatch(/customer\.name|firstName\s+<-\s+\(no column/);
  });
});

describe("Formbricks", () => {
  it("reads the NPS question and the open question by their words", () => {
    const header = [
      "Response ID",
      "Timestamp",
      "Formbricks ID (internal)",
      "User ID",
      "How likely are you to recommend us?",
      "What could we do better?",
    ];
    const mapping = resolveMapping(header, detectPreset(header));
    expect(mapping.preset).toBe(formbricks);
    const row = ["clx1", "2026-11-02T10:00:00.000Z", "fb-1", "u-5", "2", "Shipping took forever"];
    expect(item(mapRow(row, mapping, opts))).toMatchObject({
      score: 2,
      comment: "Shipping took forever",
      customer: { id: "u-5" },
      sourceId: "formbricks:clx1",
    });
  });
});

describe("Zendesk satisfaction ratings", () => {
  const header = [
    "id",
    "ticket_id",
    "requester_id",
    "assignee_id",
    "group_id",
    "score",
    "comment",
    "reason",
    "created_at",
  ];
  const mapping = resolveMapping(header, detectPreset(header));
  const row = (score: string, comment = "", why = "") => [
    "90",
    "T-1",
    "req-7",
    "ag-2",
    "grp-3",
    score,
    comment,
    why,
    "2026-10-01T08:00:00Z",
  ];

  it("maps good and bad to the ends of the CSAT scale, with the ticket, agent and group", () => {
    expect(mapping.preset).toBe(zendesk);
    expect(item(mapRow(row("good"), mapping, opts))).toEqual({
      channel: "csat",
      score: 5,
      customer: { id: "req-7" },
      service: { ticketId: "T-1", agentId: "ag-2", team: "grp-3" },
      sourceId: "zendesk:90",
      occurredAt: "2026-10-01T08:00:00.000Z",
    });
    expect(item(mapRow(row("bad", "Nobody called back", "The issue took too long"), mapping, opts))).toMatchObject({
      score: 1,
      comment: "Nobody called back\nThe issue took too long",
    });
  });

  it("rejects a survey that was offered and never answered", () => {
    expect(reason(mapRow(row("offered"), mapping, opts))).toMatch(/not rated \(offered\)/);
  });
});

describe("generic columns and --map", () => {
  it("reads columns named like the API's fields, and needs a channel", () => {
    const header = ["channel", "score", "Customer ID", "source_id", "occurred at"];
    const mapping = resolveMapping(header, generic);
    expect(item(mapRow(["csat", "4", "c-1", "t-9", "2026/11/3 9:05"], mapping, opts))).toEqual({
      channel: "csat",
      score: 4,
      customer: { id: "c-1" },
      sourceId: "t-9",
      occurredAt: "2026-11-03T09:05:00.000Z",
    });
    const noChannel = resolveMapping(["score", "customer.id"], generic);
    expect(reason(mapRow(["4", "c"], noChannel, opts))).toBe("channel: no channel column and no --channel");
    expect(item(mapRow(["4", "c"], noChannel, { ...opts, channel: "csat" })).channel).toBe("csat");
  });

  it("gives rows without an id one from their content: the same row, the same id", () => {
    const mapping = resolveMapping(["score", "who"], generic, [["who", "customer.id"]]);
    const a = item(mapRow(["9", "c-1"], mapping, { ...opts, channel: "nps" }));
    const b = item(mapRow(["9", "c-1"], mapping, { ...opts, channel: "nps" }));
    const c = item(mapRow(["8", "c-1"], mapping, { ...opts, channel: "nps" }));
    expect(a.sourceId).toMatch(/^row-[0-9a-f]{24}$/);
    expect(a.sourceId).toBe(b.sourceId);
    expect(c.sourceId).not.toBe(a.sourceId);
  });

  it("refuses a --map naming a column the file lacks or a field the API lacks", () => {
    expect(() => resolveMapping(["a"], generic, [["b", "score"]])).toThrow(ImportFileError);
    expect(() => resolveMapping(["a"], generic, [["a", "stars"]])).toThrow(/"stars" is not a field/);
  });
});

describe("rejects carry the API's own messages", () => {
  it("names the same fields with the same words as POST /v1/feedback", () => {
    const mapping = resolveMapping(["channel", "score", "customer.id", "sourceId", "locale"], generic);
    const outcome = mapRow(["nps", "12", "c-1", "s-1", "chinese please"], mapping, opts);
    const api = (() => {
      try {
        parseFeedbackBody({
          channel: "nps",
          score: 12,
          customer: { id: "c-1" },
          sourceId: "s-1",
          locale: "chinese please",
        });
      } catch (error) {
        return (error as ValidationError).issues;
      }
    })();
    expect(api?.length).toBe(2);
    for (const e of api ?? []) expect(reason(outcome)).toContain(`${e.field}: ${e.message}`);
  });

  it("catches ids a spreadsheet rounded into numbers, rows longer than their header, and unreadable times", () => {
    const mapping = resolveMapping(["Response ID", "Score", "Email", "Response timestamp"], delighted);
    expect(reason(mapRow(["1.23457E+15", "9", "a@example.com", "1762160122"], mapping, opts))).toMatch(
      /spreadsheet rounded/,
    );
    expect(reason(mapRow(["1", "9", "a@example.com", "1762160122", "surplus"], mapping, opts))).toMatch(
      /5 fields, the header 4/,
    );
    expect(reason(mapRow(["1", "9", "a@example.com", "yesterday"], mapping, opts))).toMatch(
      /^occurredAt: "yesterday" is not a time/,
    );
  });

  it("takes JSON Lines rows that are API items as they are", () => {
    const ok = mapApiItem({
      channel: "social",
      platform: "weibo",
      text: "退款太慢",
      author: { handle: "x" },
      sourceId: "w-1",
    });
    expect(item(ok).sourceId).toBe("w-1");
    expect(reason(mapApiItem({ channel: "nps", score: 3, customer: { id: "c" }, stars: 2 }))).toContain(
      "unknown field(s): stars",
    );
    expect(reason(mapApiItem([1, 2]))).toMatch(/must be a JSON object/);
  });
});
