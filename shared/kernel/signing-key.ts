/**
 * A secret that signs what hearback hands out (survey links, digest links, unsubscribe links,
 * sessions). Several may be configured: the first signs, all verify, so keys can rotate.
 */
export interface SigningKey {
  /** Short, e.g. "k1": it is repeated in every link. */
  id: string;
  secret: Uint8Array;
}
