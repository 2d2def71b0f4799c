/**
 * A session as `session.json` holds it: a format version, then the session's settings and
 * state. Records written before the version existed have none and read as version 1.
 */
import { z } from 'zod';
import { Mode } from '../shared/protocol.js';

export const SESSION_RECORD_VERSION = 1;

const RecordFields = z.object({
  sessionId: z.string().min(1),
  path: z.string().min(1),
  mode: Mode,
  sdkSessionId: z.string().nullable(),
  /** The model in use as the CLI last reported it, or else the one asked for. */
  model: z.string().nullable(),
  /** The model asked for (`--model`, `set_model`); null: the CLI's default. */
  requestedModel: z.string().nullable().default(null),
  createdAt: z.string(),
  lastActivityAt: z.string(),
  status: z.enum(['idle', 'busy', 'error']),
  /** After a fallback: prime the next fresh Claude session with this session's history. */
  primeOnNextTurn: z.boolean().optional(),
});
export type SessionRecord = z.infer<typeof RecordFields>;

const StoredRecord = RecordFields.extend({ version: z.literal(SESSION_RECORD_VERSION).optional() });

export function serializeRecord(record: SessionRecord): string {
  return `${JSON.stringify({ version: SESSION_RECORD_VERSION, ...record }, null, 2)}\n`;
}

export type ParsedRecord = { record: SessionRecord } | { rejected: string } | { newer: number };

/** Reads a record's text; says why it is not one, or that a newer daemon wrote it. */
export function parseRecord(text: string, expectedId: string): ParsedRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { rejected: `not JSON (${(error as Error).message})` };
  }
  const version = (value as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > SESSION_RECORD_VERSION) return { newer: version };
  const parsed = StoredRecord.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { rejected: `${issue.path.join('.') || 'the record'}: ${issue.message}` };
  }
  const { version: _version, ...record } = parsed.data;
  if (record.sessionId !== expectedId) return { rejected: `sessionId ${record.sessionId} does not match its folder` };
  return { record };
}
