import { ComprehendClient, DetectPiiEntitiesCommand } from "@aws-sdk/client-comprehend";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { ComprehendPiiDetector } from "#shared/analysis/adapters/comprehend-pii-detector";
import { maskSpans } from "#shared/analysis/model/pii";
import { enrichFeedback } from "#shared/enrich/model/enrich";

const comprehend = mockClient(ComprehendClient);
afterEach(() => comprehend.reset());

describe("Comprehend PII detection", () => {
  it("asks about English texts only, and returns the name and address spans", async () => {
    comprehend.on(DetectPiiEntitiesCommand).resolves({
      Entities: [
        { Type: "NAME", BeginOffset: 8, EndOffset: 18, Score: 0.99 },
        { Type: "DATE_TIME", BeginOffset: 30, EndOffset: 38, Score: 0.99 },
        { Type: "ADDRESS", BeginOffset: 45, EndOffset: 62, Score: 0.98 },
      ],
    });
    const detector = new ComprehendPiiDetector(new ComprehendClient({ region: "us-east-1" }));
    const spans = await detector.detect([
      { id: "en", text: "Courier Tom Walker came late on 11/24 to 221B Baker Street", language: "en" },
      { id: "zh", text: "快递员王师傅送到了幸福路88号", language: "zh-Hans" },
    ]);
    const calls = comprehend.commandCalls(DetectPiiEntitiesCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toMatchObject({ LanguageCode: "en" });
    expect(spans.get("en")?.map((s) => s.type)).toEqual(["NAME", "ADDRESS"]);
    expect(spans.has("zh")).toBe(false);
  });

  it("masks nothing extra when Comprehend fails, instead of holding the item back", async () => {
    comprehend.on(DetectPiiEntitiesCommand).rejects(new Error("ThrottlingException"));
    const detector = new ComprehendPiiDetector(new ComprehendClient({ region: "us-east-1" }));
    expect((await detector.detect([{ id: "a", text: "Ask for Jane Doe", language: "en" }])).size).toBe(0);
  });
});

describe("masking detected spans", () => {
  it("replaces spans by their type, counting emoji as one character", () => {
    expect(maskSpans("👍 Ask Jane Doe at 1 Main St", [{ begin: 6, end: 14, type: "NAME" }])).toBe(
      "👍 Ask [name] at 1 Main St",
    );
    expect(maskSpans("no spans", [])).toBe("no spans");
  });

  it("masks spans and patterns together in the stored text", () => {
    const text = "Jane Doe here, call me on 13812345678";
    const { record, originalText } = enrichFeedback(
      {
        id: "fb_x",
        receivedAt: "2026-11-25T00:00:00.000Z",
        input: { channel: "csat", score: 2, comment: text, customer: { id: "c" } },
      },
      {
        analysis: undefined,
        themes: [],
        taxonomyVersion: "t",
        now: new Date(),
        piiSpans: [{ begin: 0, end: 8, type: "NAME" }],
      },
    );
    expect(record.text).toBe("[name] here, call me on [phone]");
    expect(originalText).toBe(text);
  });
});
