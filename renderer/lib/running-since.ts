/**
 * When this window first saw each running tool call, by row id: rows carry no start time, and a
 * virtualised row that scrolls away and back must not start counting again.
 */
const firstSeen = new Map<string, number>();
const MAX_REMEMBERED = 500;

export function runningSince(id: string, now: number = Date.now()): number {
  const seen = firstSeen.get(id);
  if (seen !== undefined) return seen;
  firstSeen.set(id, now);
  if (firstSeen.size > MAX_REMEMBERED) firstSeen.delete(firstSeen.keys().next().value!);
  return now;
}
