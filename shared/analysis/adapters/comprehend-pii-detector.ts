import { type ComprehendClient, DetectPiiEntitiesCommand } from "@aws-sdk/client-comprehend";
import type { PiiDetector, PiiSpan } from "../ports/pii-detector.ts";
import { truncateUtf8 } from "./comprehend-analyzer.ts";

/** Entity types worth masking that the patterns do not already catch. */
const MASKED_TYPES = new Set(["NAME", "ADDRESS", "USERNAME", "PASSWORD", "BANK_ACCOUNT_NUMBER", "PASSPORT_NUMBER"]);
const CONCURRENCY = 5;

/**
 * Amazon Comprehend DetectPiiEntities (English; no batch API exists, so calls run a few at a time).
 * Other languages are left to the patterns. A failed call masks nothing extra rather than holding
 * the item back: the patterns have already run.
 */
export class ComprehendPiiDetector implements PiiDetector {
  constructor(private readonly client: ComprehendClient) {}

  async detect(
    requests: ReadonlyArray<{ id: string; text: string; language: string }>,
  ): Promise<Map<string, PiiSpan[]>> {
    const spans = new Map<string, PiiSpan[]>();
    const english = requests.filter((r) => r.language === "en" || r.language.startsWith("en-"));
    for (let i = 0; i < english.length; i += CONCURRENCY) {
      await Promise.all(
        english.slice(i, i + CONCURRENCY).map(async (r) => {
          try {
            const out = await this.client.send(
              new DetectPiiEntitiesCommand({ Text: truncateUtf8(r.text, 100_000), LanguageCode: "en" }),
            );
            const found = (out.Entities ?? [])
              .filter(
                (e) => e.Type && MASKED_TYPES.has(e.Type) && e.BeginOffset !== undefined && e.EndOffset !== undefined,
              )
              .map((e) => ({ begin: e.BeginOffset as number, end: e.EndOffset as number, type: e.Type as string }));
            if (found.length > 0) spans.set(r.id, found);
          } catch {
            // Patterns still apply; see the class comment.
          }
        }),
      );
    }
    return spans;
  }
}
