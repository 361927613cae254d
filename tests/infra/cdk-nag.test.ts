import { Stack, Validations } from "aws-cdk-lib";
import { Annotations, Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { SYNTH_TIMEOUT_MS, type Synthesized, synthesize } from "./support.ts";

describe("cdk-nag (AwsSolutions)", () => {
  let built: Synthesized;
  let comprehend: Synthesized;

  beforeAll(() => {
    built = synthesize();
    comprehend = synthesize({ analyzer: "comprehend" });
  }, SYNTH_TIMEOUT_MS);

  it.each([
    ["default context", () => built],
    ["analyzer=comprehend", () => comprehend],
  ] as const)("reports no unacknowledged finding with %s", (_label, get) => {
    const { app, nag, stateful: s, service: v } = get();
    expect(nag.validateScope(app).violations).toEqual([]);
    for (const stack of [s, v]) {
      expect(Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).toEqual([]);
      expect(Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).toEqual([]);
      expect(Annotations.fromStack(stack).findError("*", Match.anyValue())).toEqual([]);
    }
  });

  it("acknowledges findings per resource, never on a whole stack or the app, always with a reason", () => {
    for (const { app } of [built, comprehend]) {
      const acknowledging = app.node
        .findAll()
        .filter((c) => c.node.metadata.some((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY));
      expect(acknowledging.length).toBeGreaterThan(0);
      for (const construct of acknowledging) {
        expect(Stack.isStack(construct) || construct === app, construct.node.path).toBe(false);
        for (const entry of construct.node.metadata) {
          if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
          for (const reason of Object.values(entry.data as Record<string, string>)) {
            expect(reason.length, construct.node.path).toBeGreaterThan(40);
          }
        }
      }
    }
  });
});
