/**
 * The settlement rules of a session's approval requests, on their own: what reaches the CLI
 * that asked, and the one permission_resolved each request gets.
 */
import { describe, expect, it } from 'vitest';
import type { EventBody, Mode } from '../shared/protocol.js';
import { Approvals, type PermissionChannel } from './approvals.js';
import type { PermissionBody } from './cli-control.js';
import type { LoggedEvent } from './event-log.js';

function setup(mode: Mode = 'ask') {
  const emitted: EventBody[] = [];
  const sent: { requestId: string; response: Record<string, unknown> }[] = [];
  const channel: PermissionChannel & { running: boolean } = { running: true, respond: (requestId, response) => sent.push({ requestId, response }) };
  let seq = 0;
  const approvals = new Approvals({
    emit: (bodies) => {
      emitted.push(...bodies);
      return bodies.map((body) => ({ ...body, seq: ++seq }) as LoggedEvent);
    },
    mode: () => mode,
    switchMode: () => {},
    endTurn: () => {},
  });
  return { approvals, emitted, sent, channel, resolved: () => emitted.filter((event) => event.type === 'permission_resolved') };
}
const bash = (requestId: string): PermissionBody => ({ type: 'permission', requestId, kind: 'tool', tool: 'Bash', input: { command: 'touch x' } });
const question = (requestId: string): PermissionBody => ({ type: 'permission', requestId, kind: 'question', tool: 'AskUserQuestion', input: { questions: [] } });

describe('approval requests', () => {
  it('a turn that ends with a request waiting tells the CLI no, since it would wait for ever', () => {
    const { approvals, sent, channel, resolved } = setup();
    approvals.request(bash('r1'), channel);
    approvals.withdrawAll('ended');
    expect(sent).toEqual([{ requestId: 'r1', response: expect.objectContaining({ behavior: 'deny', interrupt: true }) }]);
    expect(resolved()).toEqual([expect.objectContaining({ requestId: 'r1', decision: 'withdrawn', reason: 'ended' })]);
    expect(approvals.count).toBe(0);
  });

  it('an interrupt, an exit or a destroy sends nothing to the CLI (it cancelled or is gone), and a late answer is refused', () => {
    for (const reason of ['interrupted', 'exited', 'destroyed'] as const) {
      const { approvals, sent, channel, resolved } = setup();
      approvals.request(bash('r1'), channel);
      approvals.withdrawAll(reason);
      expect(sent).toEqual([]);
      expect(resolved()).toHaveLength(1);
      expect(() => approvals.answer({ sessionId: 's', requestId: 'r1', decision: 'allow' })).toThrow(/not waiting.*withdrawn/);
      expect(sent).toEqual([]);
    }
  });

  it('switching to auto allows the waiting tool requests as the daemon; a question still waits for the user', () => {
    const { approvals, sent, channel, resolved } = setup();
    approvals.request(bash('r1'), channel);
    approvals.request(question('q1'), channel);
    approvals.allowWaitingTools();
    expect(sent).toEqual([{ requestId: 'r1', response: expect.objectContaining({ behavior: 'allow' }) }]);
    expect(resolved()).toEqual([expect.objectContaining({ requestId: 'r1', decision: 'allow', by: 'daemon' })]);
    expect(approvals.list().map((event) => event.type === 'permission' && event.requestId)).toEqual(['q1']);
  });

  it('auto answers a tool request at once and logs it settled; only the first answer of a waiting one reaches the CLI', () => {
    const auto = setup('auto');
    auto.approvals.request(bash('r1'), auto.channel);
    expect(auto.sent).toHaveLength(1);
    expect(auto.emitted.map((event) => event.type)).toEqual(['permission', 'permission_resolved']);

    const ask = setup();
    ask.approvals.request(bash('r2'), ask.channel);
    ask.approvals.answer({ sessionId: 's', requestId: 'r2', decision: 'deny' });
    expect(() => ask.approvals.answer({ sessionId: 's', requestId: 'r2', decision: 'allow' })).toThrow(/already settled: denied by the user/);
    expect(ask.sent).toEqual([{ requestId: 'r2', response: expect.objectContaining({ behavior: 'deny' }) }]);
  });
});
