export interface ApiKeyRecord {
  name: string;
  createdAt: string;
  /** The key's first characters (`hb_AbC1`), so an operator can tell two keys of one name apart; never enough to use. */
  prefix?: string | undefined;
}

/** API keys are stored as SHA-256 hashes: a leaked table never leaks a usable key. */
export interface ApiKeyStore {
  find(keyHash: string): Promise<ApiKeyRecord | undefined>;
  put(keyHash: string, record: ApiKeyRecord): Promise<void>;
  /** Every key, oldest first, with its hash (what `revoke` takes). */
  list(): Promise<Array<ApiKeyRecord & { keyHash: string }>>;
  /** Removes the key: it stops working once warm functions' caches expire (API_KEY_CACHE_SECONDS). */
  revoke(keyHash: string): Promise<void>;
}
