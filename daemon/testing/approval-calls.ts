/**
 * Test helpers for approvals: the session's calls through the plain RPC (the client's own
 * methods are not what these tests check), and reading a stream up to a permission request.
 */
import { expect } from 'vitest';
import type { DaemonClient } from '../../electron/client/index.js';
import type { PermissionEvent, PermissionResolvedEvent, SessionInfo, StreamEvent } from '../../shared/protocol.js';
import { readUntil } from './stream-helpers.js';

export interface AnswerFields {
  requestId: string;
  decision: 'allow' | 'deny';
  message?: string;
  updatedInput?: Record<string, unknown>;
  remember?: boolean;
  interrupt?: boolean;
  mode?: string;
}

export function sessionCalls(client: DaemonClient, port: number, sessionId: string) {
  return {
    answer: (fields: AnswerFields) => client.rpcCall(port, 'session.answer', { sessionId, ...fields }),
    pending: async () => ((await client.rpcCall(port, 'session.pending', { sessionId })) as { requests: PermissionEvent[] }).requests,
    info: async (): Promise<SessionInfo | undefined> => (await client.listSessions(port)).find((session) => session.sessionId === sessionId),
    history: async () => (await client.sessionHistory(port, sessionId)).events,
  };
}

/** Reads until a permission request arrives; fails the test when the stream ends without one. */
export async function untilPermission(stream: AsyncIterator<StreamEvent>): Promise<{ seen: StreamEvent[]; request: PermissionEvent }> {
  const seen = await readUntil(stream, (event) => event.type === 'permission');
  const request = seen.at(-1);
  expect(request, `no permission request; the stream had: ${JSON.stringify(seen.map((event) => event.type))}`).toMatchObject({ type: 'permission' });
  return { seen, request: request as PermissionEvent };
}

export const permissions = (events: StreamEvent[]) => events.filter((event): event is PermissionEvent => event.type === 'permission');
export const resolutions = (events: StreamEvent[]) => events.filter((event): event is PermissionResolvedEvent => event.type === 'permission_resolved');
export const initOf = (events: StreamEvent[]) =>
  events.find((event) => event.type === 'system' && event.subtype === 'init') as { model?: string; raw: { permissionMode: string } } | undefined;
