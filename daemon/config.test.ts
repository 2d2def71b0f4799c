import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { claudeArgs } from './claude-args.js';
import { ConfigError, HelpRequested, parseConfig, USAGE } from './config.js';
import { DAEMON_BUNDLE } from './testing/harness.js';

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

describe('--help', () => {
  it('lists every option with its default and what it does', () => {
    const help = (() => {
      try {
        parseConfig(['--help'], {});
      } catch (error) {
        return error;
      }
    })();
    expect(help).toBeInstanceOf(HelpRequested);
    const usage = (help as HelpRequested).usage;
    const options: [string, string][] = [
      ['--port', 'default 9100'],
      ['--bind', 'default 127.0.0.1'],
      ['--data-dir', 'default ~/.switchyard/daemon'],
      ['--claude', 'default claude'],
      ['--token-file', 'default none'],
      ['--cli-mode', 'default persistent'],
      ['--ping-interval', 'default 30000'],
      ['--grace', 'default 2000'],
      ['--max-buffered-bytes', 'default 268435456'],
      ['--cli-idle-timeout', 'default 600000'],
      ['--max-clis', 'default 8'],
      ['--exit-when-stdin-closes', 'default off'],
      ['--help', ''],
    ];
    for (const [flag, fallback] of options) {
      const entry = usage.split('\n--').find((part) => part.startsWith(flag.slice(2)));
      expect(entry, flag).toBeDefined();
      expect(entry!.replace(/\s+/g, ' '), flag).toContain(fallback);
      // What it does, in words.
      expect(entry!.split('\n')[1]!.trim().length, flag).toBeGreaterThan(20);
    }
  });
});

describe('--help, run', () => {
  it('the daemon prints every option with what it does and the environment variables it reads on stdout, and exits 0 without starting', () => {
    const result = spawnSync(process.execPath, [DAEMON_BUNDLE, '--help'], { encoding: 'utf8', timeout: 15_000, env: { PATH: process.env.PATH } });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(USAGE);
    expect(result.stdout).not.toMatch(/^DAEMON_PORT=\d/m);
    const [options, environment] = result.stdout.split('\nEnvironment:\n');
    for (const flag of ['--port', '--bind', '--data-dir', '--claude', '--token-file', '--cli-mode', '--ping-interval', '--grace', '--max-buffered-bytes', '--cli-idle-timeout', '--max-clis', '--exit-when-stdin-closes', '--help']) {
      expect(options, flag).toMatch(new RegExp(`^${flag}( |$)`, 'm'));
    }
    // Each entry: its name, then one line saying what it is.
    for (const name of ['DAEMON_PORT', 'SWITCHYARD_CLAUDE', 'HOME', 'CLAUDE_CONFIG_DIR', 'ANTHROPIC_API_KEY']) {
      const entry = environment!.split('\n').findIndex((line) => line.startsWith(name));
      expect(entry, name).toBeGreaterThanOrEqual(0);
      expect(environment!.split('\n')[entry + 1]!.trim().length, name).toBeGreaterThan(15);
    }
  });

  it('-h is --help', () => {
    const result = spawnSync(process.execPath, [DAEMON_BUNDLE, '-h'], { encoding: 'utf8', timeout: 15_000 });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(USAGE);
  });
});

describe('claudeArgs', () => {
  const base = { mode: 'auto' as const, sdkSessionId: null, persistent: true };
  it('always asks for stream-json with partial messages', () => {
    expect(claudeArgs(base).slice(0, 5)).toEqual(['--print', '--output-format', 'stream-json', '--verbose', '--include-partial-messages']);
  });

  it.each([
    ['auto', ['--permission-mode', 'default', '--permission-prompt-tool', 'stdio']],
    ['code', ['--permission-mode', 'acceptEdits', '--permission-prompt-tool', 'stdio']],
    ['plan', ['--permission-mode', 'plan', '--permission-prompt-tool', 'stdio']],
    ['ask', ['--permission-mode', 'default', '--permission-prompt-tool', 'stdio']],
  ] as const)('persistent, mode %s adds %j: what the mode does not settle is asked on stdio', (mode, flags) => {
    const args = claudeArgs({ ...base, mode });
    const at = args.indexOf(flags[0]);
    expect(args.slice(at, at + flags.length)).toEqual(flags);
  });

  it('never asks for a permission bypass, which the CLI refuses as root; per message, auto allows the asking tools by name', () => {
    for (const mode of ['auto', 'code', 'plan', 'ask'] as const) {
      for (const persistent of [true, false]) {
        const args = claudeArgs({ ...base, mode, persistent, prompt: 'x' });
        expect(args).not.toContain('--dangerously-skip-permissions');
        expect(args).not.toContain('bypassPermissions');
        expect(args.includes('--permission-prompt-tool')).toBe(persistent);
        expect(args.includes('--allowedTools')).toBe(!persistent && mode === 'auto');
      }
    }
    const perMessageAuto = claudeArgs({ ...base, persistent: false, prompt: 'x' });
    expect(perMessageAuto[perMessageAuto.indexOf('--allowedTools') + 1]).toBe('Bash,Edit,MultiEdit,Write,NotebookEdit,WebFetch,WebSearch');
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
