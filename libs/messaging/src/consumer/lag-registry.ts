/** Last measured total lag of every consumer running in this process, by group. */
const lastTotals = new Map<string, number>();

export function recordLag(groupId: string, total: number): void {
  lastTotals.set(groupId, total);
}

export function forgetLag(groupId: string): void {
  lastTotals.delete(groupId);
}

/**
 * Sum of the last measured lag of this process's consumers, for `/health/worker`.
 * Cheap (no broker call); as fresh as the consumers' lag interval.
 */
export function totalConsumerLag(): number {
  let total = 0;
  for (const lag of lastTotals.values()) total += lag;
  return total;
}
