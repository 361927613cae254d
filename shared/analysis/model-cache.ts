import type { BlendedAnalyzer } from "./model/blended-analyzer.ts";
import { deserializeModel } from "./model/learned-sentiment.ts";
import type { ModelStore } from "./ports/model-store.ts";

/**
 * Keeps a warm worker's model current: at most one cheap version check per `everyMs`, a full load
 * only when the version changed. A failed check keeps the model the worker already has.
 */
export class ModelCache {
  private checkedAt = Number.NEGATIVE_INFINITY;
  private version: string | undefined;

  constructor(
    private readonly store: ModelStore,
    private readonly analyzer: BlendedAnalyzer,
    private readonly everyMs: number,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  async refresh(now = Date.now()): Promise<void> {
    if (now - this.checkedAt < this.everyMs) return;
    this.checkedAt = now;
    try {
      const version = await this.store.currentModelVersion();
      if (version === undefined || version === this.version) return;
      const stored = await this.store.loadModel();
      if (!stored) return;
      this.analyzer.useModel(deserializeModel(stored.json));
      this.version = stored.version;
    } catch (error) {
      this.onError(error);
    }
  }
}
