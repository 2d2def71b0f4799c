import { describe, expect, it } from 'vitest';
import { claudeArgs } from './claude-args.js';
import { ConfigError, parseConfig } from './config.js';

describe('parseConfig', () => {
  it('defaults to port 9100 on loopback, persistent CLI, `claude`', () => {
    const config = parseConfig([], {});
    expect(config).toMatchObject({ port: 9100, bind: '127.0.0.1', claudeCommand: ['claude'], cliMode: 'persistent', pingIntervalMs: 30_000 });
    expect(config.dataDir).toMatch(/\.switchyard\/daemon$/);
  });

  it('takes DAEMON_PORT from the environment and --port over it', () => {
    expect(parseConfig([], { DAEMON_PORT: '9200' }).port).toBe(9200);
    expect(parseConfig(['--port', '0'], { DAEMON_PORT: '9200' }).port).toBe(0);
  });

  it('refuses a non-loopback bind without a token file', () => {
    expect(() => parseConfig(['--bind', '0.0.0.0'], {})).toThrow(/refusing to listen on 0.0.0.0 without --token-file/);
    expect(parseConfig(['--bind', '0.0.0.0', '--token-file', '/etc/token'], {}).bind).toBe('0.0.0.0');
  });

  it('names the flag that is wrong', () => {
    expect(() => parseConfig(['--port', 'abc'], {})).toThrow(ConfigError);
    expect(() => parseConfig(['--port', 'abc'], {})).toThrow(/--port must be a whole number/);
    expect(() => parseConfig(['--cli-mode', 'fast'], {})).toThrow(/--cli-mode must be/);
    expect(() => parseConfig(['--nope'], {})).toThrow(/Unknown option '--nope'/);
  });

  it('splits a CLI command with its own arguments', () => {
    expect(parseConfig(['--claude', 'node "/opt/my tools/fake.mjs" --fast'], {}).claudeCommand).toEqual(['node', '/opt/my tools/fake.mjs', '--fast']);
  });
});

describe('claudeArgs', () => {
  const base = { mode: 'auto' as const, sdkSessionId: null, persistent: true };
  it('always asks for stream-json with partial messages', () => {
    expect(claudeArgs(base).slice(0, 5)).toEqual(['--print', '--output-format', 'stream-json', '--verbose', '--include-partial-messages']);
  });

  it.each([
    ['auto', ['--dangerously-skip-permissions']],
    ['code', ['--permission-mode', 'acceptEdits']],
    ['plan', ['--permission-mode', 'plan']],
    ['ask', ['--permission-mode', 'default']],
  ] as const)('mode %s adds %j', (mode, flags) => {
    const args = claudeArgs({ ...base, mode });
    const at = args.indexOf(flags[0]);
    expect(args.slice(at, at + flags.length)).toEqual(flags);
  });

  it('resumes a known Claude session and primes a fresh one', () => {
    expect(claudeArgs({ ...base, sdkSessionId: 'abc' })).toContain('--resume');
    expect(claudeArgs({ ...base, appendSystemPrompt: 'history' }).slice(-2)).toEqual(['--append-system-prompt', 'history']);
  });

  it('passes a per-message prompt after --, so a leading dash stays part of the message', () => {
    expect(claudeArgs({ ...base, persistent: false, prompt: '--help me' }).slice(-2)).toEqual(['--', '--help me']);
    expect(claudeArgs({ ...base, persistent: false, prompt: 'x' })).not.toContain('--input-format');
  });
});
