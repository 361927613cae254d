export interface ApiKeyRecord {
  name: string;
  createdAt: string;
}

/** API keys are stored as SHA-256 hashes: a leaked table never leaks a usable key. */
export interface ApiKeyStore {
  find(keyHash: string): Promise<ApiKeyRecord | undefined>;
  put(keyHash: string, record: ApiKeyRecord): Promise<void>;
}
