/**
 * The history a fresh Claude session is primed with when `--resume` cannot bring back the old
 * one (`fallback`): the user's messages and Claude's final answers, most recent kept when the
 * whole would be too long.
 */
import type { EventLog } from './event-log.js';

const MAX_PRIMER_CHARS = 24_000;
const MAX_ENTRY_CHARS = 4_000;
const PAGE = 5_000;

export async function historyPrimer(log: EventLog): Promise<string> {
  const entries: string[] = [];
  let afterSeq = 0;
  for (;;) {
    const page = await log.history(afterSeq, PAGE);
    for (const event of page.events) {
      if (event.type === 'system' && event.subtype === 'user_message' && typeof event.content === 'string') {
        entries.push(`User: ${clip(event.content)}`);
      } else if (event.type === 'result' && typeof event.raw.result === 'string' && event.raw.result) {
        entries.push(`Assistant: ${clip(event.raw.result)}`);
      }
    }
    if (page.events.length < PAGE) break;
    afterSeq = page.nextSeq - 1;
  }
  if (entries.length === 0) return '';
  const kept: string[] = [];
  let size = 0;
  for (let i = entries.length - 1; i >= 0 && size + entries[i]!.length <= MAX_PRIMER_CHARS; i--) {
    kept.unshift(entries[i]!);
    size += entries[i]!.length + 2;
  }
  const omitted = entries.length - kept.length;
  return [
    'This conversation continues an earlier Claude Code session whose own history could not be restored.',
    `Its earlier turns, oldest first${omitted > 0 ? ` (the ${omitted} oldest entries are left out)` : ''}:`,
    '',
    kept.join('\n\n'),
  ].join('\n');
}

function clip(text: string): string {
  return text.length > MAX_ENTRY_CHARS ? `${text.slice(0, MAX_ENTRY_CHARS)} […]` : text;
}
