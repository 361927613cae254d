/**
 * How an import shows its progress, on stderr so stdout keeps only the summary line: a progress bar
 * (cli-progress) on a terminal, a plain line every few seconds otherwise (CI logs, a pipe), each
 * with rows/s, ETA and the counts so far.
 */
import { SingleBar } from "cli-progress";
import type { Counts } from "#shared/import/model/progress";
import type { Snapshot } from "./pipeline.ts";

export interface Display {
  update(snapshot: Snapshot): void;
  stop(): void;
}

const n = (x: number) => Math.round(x).toLocaleString("en");

const eta = (seconds: number): string => {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  if (seconds < 3_600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3_600)} h ${Math.round((seconds % 3_600) / 60)} min`;
};

const countsText = (c: Counts) => `${n(c.accepted)} accepted, ${n(c.duplicate)} duplicate, ${n(c.rejected)} rejected`;

/** Rows per second and seconds left, over this run (a resumed run's rate starts fresh). */
const rates = (s: Snapshot, startedAt: number, startBytes: number) => {
  const seconds = Math.max(0.001, (performance.now() - startedAt) / 1_000);
  const bytesPerSecond = (s.bytes - startBytes) / seconds;
  return {
    rowsPerSecond: s.rows / seconds,
    secondsLeft: bytesPerSecond > 0 ? (s.totalBytes - s.bytes) / bytesPerSecond : Number.POSITIVE_INFINITY,
  };
};

export const progressDisplay = (opts: {
  stream?: NodeJS.WriteStream;
  /** Where the run starts in the file (a resume point), so the rate counts this run's bytes only. */
  startBytes: number;
  /** Seconds between plain lines when the stream is not a terminal. */
  plainEverySeconds?: number;
  label?: string;
  /** How the counts read (a dry run has valid rows, not accepted ones). */
  describe?: (counts: Counts) => string;
}): Display => {
  const stream = opts.stream ?? process.stderr;
  const startedAt = performance.now();
  const label = opts.label ?? "import";
  const describe = opts.describe ?? countsText;
  let first = true;
  if (stream.isTTY) {
    const bar = new SingleBar({
      stream,
      format: `${label} {bar} {percentage}% | {rows} rows | {rate} rows/s | ETA {left} | {counts}`,
      barsize: 24,
      hideCursor: true,
      fps: 8,
    });
    return {
      update: (s) => {
        const r = rates(s, startedAt, opts.startBytes);
        const payload = {
          rows: n(s.rows),
          rate: n(r.rowsPerSecond),
          left: eta(r.secondsLeft),
          counts: describe(s.counts),
        };
        if (first) bar.start(Math.max(1, s.totalBytes), s.bytes, payload);
        else bar.update(s.bytes, payload);
        first = false;
      },
      stop: () => {
        if (!first) bar.stop();
      },
    };
  }
  const every = (opts.plainEverySeconds ?? 5) * 1_000;
  let last = performance.now();
  let latest: Snapshot | undefined;
  const line = (s: Snapshot) => {
    const r = rates(s, startedAt, opts.startBytes);
    const percent = s.totalBytes > 0 ? Math.floor((100 * s.bytes) / s.totalBytes) : 100;
    stream.write(
      `${label}: ${percent}%, ${n(s.rows)} rows, ${n(r.rowsPerSecond)} rows/s, ETA ${eta(r.secondsLeft)}, ${describe(s.counts)}\n`,
    );
  };
  return {
    update: (s) => {
      latest = s;
      if (performance.now() - last < every) return;
      last = performance.now();
      line(s);
    },
    stop: () => {
      if (latest && performance.now() - startedAt >= every) line(latest);
    },
  };
};
