import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmfOutput } from "@aws-lambda-powertools/metrics/types";

/** What the registry needs to know of a metric: counters add up, gauges keep the last value. */
export type MetricInfo = Readonly<Record<string, { kind: "counter" | "gauge"; help: string }>>;

interface Series {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface MetricsRegistry {
  /** Takes one EMF document as a function published it, and extracts its metrics as CloudWatch would. */
  record(emf: EmfOutput): void;
  /** Every series in the Prometheus text exposition format (0.0.4). */
  render(): string;
}

const snake = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9_]/g, "_")
    .toLowerCase();
const escapeLabel = (value: string) => value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const labelText = (labels: Record<string, string>) =>
  `{${Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${snake(k)}="${escapeLabel(v)}"`)
    .join(",")}}`;
const seriesKey = (name: string, labels: Record<string, string>) => `${name}${labelText(labels)}`;

/**
 * The local stand-in for CloudWatch's reading of EMF: every metric of a document is counted once per dimension set it
 * names, with those dimensions as labels, summed since the stack started (gauges: the last value). The counters under
 * `service` alone are listed at zero from the start, so a developer sees every name before anything happened.
 */
export const metricsRegistry = (opts: { namespace: string; service: string; info: MetricInfo }): MetricsRegistry => {
  const series = new Map<string, Series>();
  const kindOf = (name: string) => opts.info[name]?.kind ?? "counter";
  for (const [name, { kind }] of Object.entries(opts.info)) {
    const labels = { service: opts.service };
    if (kind === "counter") series.set(seriesKey(name, labels), { name, labels, value: 0 });
  }

  const record = (emf: EmfOutput) => {
    const doc = emf as Readonly<Record<string, unknown>>;
    for (const directive of emf._aws.CloudWatchMetrics) {
      if (directive.Namespace !== opts.namespace) continue;
      for (const dimensions of directive.Dimensions) {
        const labels = Object.fromEntries(dimensions.map((d) => [d, String(doc[d] ?? "")]));
        for (const { Name } of directive.Metrics) {
          const raw = doc[Name];
          const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is number => typeof v === "number");
          if (values.length === 0) continue;
          const key = seriesKey(Name, labels);
          const current = series.get(key) ?? { name: Name, labels, value: 0 };
          current.value =
            kindOf(Name) === "gauge" ? (values.at(-1) as number) : current.value + values.reduce((a, b) => a + b, 0);
          series.set(key, current);
        }
      }
    }
  };

  const render = () => {
    const byName = new Map<string, Series[]>();
    for (const s of series.values()) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
    const lines: string[] = [];
    for (const name of [...byName.keys()].sort()) {
      const kind = kindOf(name);
      const metric = `${snake(opts.namespace)}_${snake(name)}${kind === "counter" ? "_total" : ""}`;
      lines.push(`# HELP ${metric} ${name}: ${opts.info[name]?.help ?? "emitted by a function"}`);
      lines.push(`# TYPE ${metric} ${kind}`);
      lines.push(...(byName.get(name) ?? []).map((s) => `${metric}${labelText(s.labels)} ${s.value}`).sort());
    }
    return `${lines.join("\n")}\n`;
  };

  return { record, render };
};

/** GET /metrics on the local gateway; false for every other path, which the gateway routes as usual. */
export const metricsEndpoint =
  (registry: MetricsRegistry) =>
  (req: IncomingMessage, res: ServerResponse): boolean => {
    if (new URL(req.url ?? "/", "http://localhost").pathname !== "/metrics") return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" }).end("GET /metrics\n");
      return true;
    }
    const body = registry.render();
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : body);
    return true;
  };
