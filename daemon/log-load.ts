/**
 * Reads a session's event log at start, a chunk at a time: the index of its events, the latest
 * of them for the ring, and whether its last turn was left open. Damaged lines (invalid UTF-8,
 * not an event, a seq out of order) are skipped and copied aside to `<log>.rejected-<time>`,
 * which the daemon's log names; then they are blanked in place (spaces, the same length, so no
 * offset moves), so the next start does not set them aside again.
 */
import { open, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { scanJsonl } from '../shared/node/jsonl-scan.js';
import { endsTurn, userMessageOf } from '../shared/protocol.js';
import { parseLogLine, type LoggedEvent } from './event-line.js';
import { LogIndex } from './log-index.js';

export interface LoadedLog {
  index: LogIndex;
  /** Length of the file's whole lines. */
  bytes: number;
  hasFormatLine: boolean;
  /** The last `ringSize` events, oldest first. */
  recent: LoggedEvent[];
  /** The last turn began (`user_message`) and never ended (result, interrupted, error). */
  lastTurnOpen: boolean;
  /** Approval requests (`permission`) the log never settled (`permission_resolved`), oldest first. */
  waitingRequests: string[];
}

export async function loadLog(file: string, ringSize: number, log: (message: string) => void): Promise<LoadedLog> {
  const index = new LogIndex();
  const damaged: { offset: number; length: number }[] = [];
  let recent: LoggedEvent[] = [];
  let hasFormatLine = false;
  let lastTurnOpen = false;
  const waiting = new Set<string>();
  const bytes = await scanJsonl(file, (line, offset) => {
    const parsed = parseLogLine(line);
    if (parsed === 'format') {
      hasFormatLine = true;
      return;
    }
    const last = index.lastSeq;
    if (!parsed && isBlank(line)) return;
    if (!parsed || (last !== undefined && parsed.seq <= last)) {
      damaged.push({ offset, length: line.length });
      return;
    }
    index.add(parsed.seq, offset, line.length + 1);
    recent.push(parsed);
    if (recent.length > 2 * ringSize) recent = recent.slice(-ringSize);
    if (userMessageOf(parsed) !== undefined) lastTurnOpen = true;
    else if (endsTurn(parsed)) lastTurnOpen = false;
    if (parsed.type === 'permission') waiting.add(parsed.requestId);
    else if (parsed.type === 'permission_resolved') waiting.delete(parsed.requestId);
  });
  if (damaged.length > 0) await setAside(file, damaged, log);
  return { index, bytes, hasFormatLine, recent: recent.slice(-ringSize), lastTurnOpen, waitingRequests: [...waiting] };
}

const isBlank = (line: Buffer) => line.every((byte) => byte === 0x20);

type LineRange = { offset: number; length: number };

async function setAside(file: string, lines: LineRange[], log: (message: string) => void): Promise<void> {
  const count = `${lines.length} damaged line${lines.length === 1 ? '' : 's'} (not an event of this log)`;
  const aside = `${file}.rejected-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const source = await open(file, 'r+');
  try {
    await copyLines(source, lines, aside);
  } catch (error) {
    await rm(aside, { force: true }).catch(() => undefined);
    await source.close();
    log(`${file}: ${count} skipped; cannot copy them aside to ${path.basename(aside)}: ${(error as Error).message}`);
    return;
  }
  try {
    for (const { offset, length } of lines) await source.write(Buffer.alloc(length, 0x20), 0, length, offset);
  } finally {
    await source.close();
  }
  log(`${file}: ${count} skipped and copied aside to ${path.basename(aside)}`);
}

async function copyLines(source: FileHandle, lines: LineRange[], aside: string): Promise<void> {
  const target = await open(aside, 'wx', 0o600);
  try {
    for (const { offset, length } of lines) {
      const { buffer } = await source.read(Buffer.alloc(length + 1), 0, length, offset);
      buffer[length] = 0x0a;
      await target.write(buffer);
    }
    await target.sync();
  } finally {
    await target.close();
  }
}
