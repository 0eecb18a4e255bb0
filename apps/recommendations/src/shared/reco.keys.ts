/**
 * Every Redis key of the model, under one prefix. Single-node Redis: the scripts touch keys of
 * several users and items in one call (a Redis Cluster would need them in one hash slot).
 */
export function recoKeys(prefix: string) {
  return {
    /** ZSET productId → last time (ms) the user touched it; trimmed to RECENT_ITEMS. */
    recent: (userId: string) => `${prefix}:u:${userId}:recent`,
    /** SET of productIds the user purchased (never recommended to them). */
    bought: (userId: string) => `${prefix}:u:${userId}:bought`,
    /** Prefix of ZSET co:<A> productId → co-occurrence weight with A; trimmed to NEIGHBOURS_KEPT. */
    coPrefix: `${prefix}:co:`,
    /** ZSET productId → time-decayed popularity (forward decay, scores relative to popEpoch). */
    popularity: `${prefix}:pop`,
    /** The forward-decay epoch (ms) popularity scores are relative to. */
    popEpoch: `${prefix}:pop:epoch`,
    /** HASH productId → product JSON (preloaded from Postgres by the hot-data job). */
    products: `${prefix}:products`,
    /** A projected event id, kept DEDUP_TTL_SECONDS: a redelivery is not counted twice. */
    seen: (eventId: string) => `${prefix}:seen:${eventId}`,
    /** Set once the model holds data; missing after Redis lost its data → rebuild from history. */
    built: `${prefix}:model:built`,
    /** Held by the one process that runs a hot-data refresh or rebuild. */
    lock: (job: string) => `${prefix}:lock:${job}`,
  };
}

export type RecoKeys = ReturnType<typeof recoKeys>;
