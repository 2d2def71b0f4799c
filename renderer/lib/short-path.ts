/**
 * A long folder path shortened in the middle, where it says least: its start (where it is) and
 * its end (which folder) stay, whole segments in between give way to "…".
 * "/home/dev/clients/acme/project/src" → "/home/dev/…/project/src".
 */
export function shortenPath(path: string, max: number): string {
  if (path.length <= max) return path;
  const separator = path.includes('/') || !path.includes('\\') ? '/' : '\\';
  const parts = path.split(separator);
  // Kept: parts[0 .. head-1] and parts[tail+1 ..]; parts[head .. tail] give way (at least one).
  let head = parts.length > 2 ? 1 : 0;
  let tail = parts.length - 2;
  const shown = (h: number, t: number) => (h > 0 ? `${parts.slice(0, h).join(separator)}${separator}` : '') + `…${separator}${parts.slice(t + 1).join(separator)}`;
  if (tail < 0 || shown(head, tail).length > max) {
    // Even the last folder alone is too long: keep its end, which tells folders apart best.
    return `…${path.slice(-(max - 1))}`;
  }
  // The end says more than the start, so it gets the first turn; then they take turns.
  let tailsTurn = true;
  for (;;) {
    const growTail = tail - 1 >= head && shown(head, tail - 1).length <= max;
    const growHead = head + 1 <= tail && shown(head + 1, tail).length <= max;
    if (growTail && (tailsTurn || !growHead)) tail--;
    else if (growHead) head++;
    else return shown(head, tail);
    tailsTurn = !tailsTurn;
  }
}
