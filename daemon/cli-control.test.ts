import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PermissionEvent } from '../shared/protocol.js';
import { allowResponse, denyResponse, readCliControl, type PermissionBody } from './cli-control.js';

const lines = (name: string) =>
  readFileSync(new URL(`./testing/fixtures/${name}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
const controls = (name: string) => lines(name).flatMap((line) => readCliControl(line) ?? []);

const permissionOf = (name: string): PermissionBody => {
  const found = controls(name).find((control) => control.kind === 'request');
  if (found?.kind !== 'request') throw new Error(`no can_use_tool request in ${name}`);
  return found.permission;
};

describe('readCliControl on recorded CLI output', () => {
  it('reads a can_use_tool request as a permission event of kind tool, with what the CLI said about it', () => {
    const permission = permissionOf('permission-allow-sample.jsonl');
    expect(permission).toEqual({
      type: 'permission',
      requestId: '7df8eec8-c584-4d9a-8ba6-e81b53748b6f',
      kind: 'tool',
      tool: 'Bash',
      input: { command: 'touch notes.txt', description: 'Run a scripted command' },
      toolUseId: 'toolu_w85ooo33sjc',
      reason: 'Run a scripted command',
      blockedPath: '/home/dev/project/notes.txt',
      suggestions: expect.arrayContaining([expect.objectContaining({ type: 'addRules', destination: 'localSettings' })]),
    });
    expect(PermissionEvent.safeParse({ ...permission, seq: 1 }).success).toBe(true);
  });

  it('reads the cancel of an interrupt, naming the waiting request; every other line is not a control of the CLI', () => {
    const found = controls('permission-interrupt-sample.jsonl');
    expect(found.map((control) => control.kind)).toEqual(['request', 'cancel']);
    expect(found[1]).toEqual({ kind: 'cancel', requestId: 'c6c7f5de-877d-487a-8b85-cb883560dcec' });
    expect(controls('control-sample.jsonl')).toEqual([]);
  });

  it('tells plans and questions from tools, and names other requests so they can be refused', () => {
    const request = (tool: string) => ({ type: 'control_request', request_id: 'r1', request: { subtype: 'can_use_tool', tool_name: tool, input: {} } });
    expect(readCliControl(request('ExitPlanMode'))).toMatchObject({ permission: { kind: 'plan' } });
    expect(readCliControl(request('AskUserQuestion'))).toMatchObject({ permission: { kind: 'question' } });
    expect(readCliControl({ type: 'control_request', request_id: 'r2', request: { subtype: 'hook_callback' } })).toEqual({ kind: 'other-request', requestId: 'r2', subtype: 'hook_callback' });
  });
});

describe('answers to the CLI', () => {
  const permission = permissionOf('permission-allow-sample.jsonl');

  it('an allow runs the input as asked unless the answer edits it', () => {
    expect(allowResponse(permission)).toEqual({ behavior: 'allow', updatedInput: permission.input });
    expect(allowResponse(permission, { updatedInput: { command: 'true' } })).toEqual({ behavior: 'allow', updatedInput: { command: 'true' } });
  });

  it('remember keeps the suggested rules for this session only; a mode goes in the same answer', () => {
    const response = allowResponse(permission, { remember: true, cliMode: 'acceptEdits' });
    expect(response.updatedPermissions).toEqual([
      { type: 'addRules', rules: [{ toolName: 'Bash', ruleContent: 'touch notes.txt' }], behavior: 'allow', destination: 'session' },
      { type: 'setMode', mode: 'acceptEdits', destination: 'session' },
    ]);
  });

  it('a deny carries the message Claude reads, and interrupt only when asked', () => {
    expect(denyResponse('not this file', false)).toEqual({ behavior: 'deny', message: 'not this file' });
    expect(denyResponse('stop', true)).toEqual({ behavior: 'deny', message: 'stop', interrupt: true });
  });
});
