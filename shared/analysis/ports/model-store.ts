/** Where the per-deployment sentiment model lives between trainings (serialized JSON). */
export interface StoredModel {
  version: string;
  trainedAt: string;
  json: string;
}

export interface ModelStore {
  saveModel(model: StoredModel): Promise<void>;
  /** The current model, or undefined before the first training. */
  loadModel(): Promise<StoredModel | undefined>;
  /** Only the current version, for cheap "has it changed?" checks by warm workers. */
  currentModelVersion(): Promise<string | undefined>;
}
