import type { EmfOutput } from "@aws-lambda-powertools/metrics/types";
import { describe, expect, it } from "vitest";
import { metricsRegistry } from "#shared/local/metrics";

/** The local stand-in for CloudWatch: EMF documents in, Prometheus text out, with the same names and dimensions. */
const info = {
  FeedbackStored: { kind: "counter", help: "records stored" },
  FeedbackDeadLettered: { kind: "counter", help: "parked" },
  SlaBreaches: { kind: "gauge", help: "overdue" },
} as const;

const emf = (dimensions: string[][], values: Record<string, number | number[]>, labels: Record<string, string> = {}) =>
  ({
    _aws: {
      Timestamp: 0,
      CloudWatchMetrics: [
        {
          Namespace: "hearback",
          Dimensions: dimensions as [string[]],
          Metrics: Object.keys(values).map((Name) => ({ Name, Unit: "Count" })),
        },
      ],
    },
    service: "hearback",
    ...labels,
    ...values,
  }) as EmfOutput;

const registry = () => metricsRegistry({ namespace: "hearback", service: "hearback", info });

describe("the local metrics registry", () => {
  it("lists every counter at zero before anything happened, typed and described", () => {
    const text = registry().render();
    expect(text).toContain("# TYPE hearback_feedback_stored_total counter\n");
    expect(text).toContain("# HELP hearback_feedback_stored_total FeedbackStored: records stored\n");
    expect(text).toContain('hearback_feedback_stored_total{service="hearback"} 0\n');
    // A gauge has no value until a sweep reports one.
    expect(text).not.toContain("hearback_sla_breaches{");
  });

  it("sums counters across documents and repeated values, one series per dimension set", () => {
    const r = registry();
    r.record(emf([["service"]], { FeedbackStored: 2, FeedbackDeadLettered: [1, 1] }));
    r.record(emf([["service"]], { FeedbackStored: 3 }));
    r.record(emf([["service", "reason"]], { FeedbackDeadLettered: 2 }, { reason: "malformed" }));
    const text = r.render();
    expect(text).toContain('hearback_feedback_stored_total{service="hearback"} 5\n');
    expect(text).toContain('hearback_feedback_dead_lettered_total{service="hearback"} 2\n');
    expect(text).toContain('hearback_feedback_dead_lettered_total{reason="malformed",service="hearback"} 2\n');
  });

  it("keeps a gauge's last value, zero included", () => {
    const r = registry();
    r.record(emf([["service"]], { SlaBreaches: 12 }));
    r.record(emf([["service"]], { SlaBreaches: 0 }));
    expect(r.render()).toContain('# TYPE hearback_sla_breaches gauge\nhearback_sla_breaches{service="hearback"} 0\n');
  });

  it("escapes label values and ignores other namespaces", () => {
    const r = registry();
    r.record(emf([["service", "reason"]], { FeedbackDeadLettered: 1 }, { reason: 'a"b\\c' }));
    const other = emf([["service"]], { FeedbackStored: 7 });
    r.record({
      ...other,
      _aws: { ...other._aws, CloudWatchMetrics: [{ ...other._aws.CloudWatchMetrics[0], Namespace: "x" }] },
    } as EmfOutput);
    const text = r.render();
    expect(text).toContain('{reason="a\\"b\\\\c",service="hearback"} 1\n');
    expect(text).toContain('hearback_feedback_stored_total{service="hearback"} 0\n');
  });
});
