import { describe, expect, it } from 'vitest';
import type { HostView } from '../../shared/desk-api.js';
import { claudeProblem } from './claude-advice.js';

const host = (kind: 'local' | 'ssh', claude: HostView['claude']) => ({ id: 'h', name: kind === 'local' ? 'This computer' : 'build box', kind, claude }) as HostView;
const commands = (problem: ReturnType<typeof claudeProblem>) => problem?.steps.map((step) => step.command);

describe('what a host’s Claude status means before typing', () => {
  it('unknown (an older daemon, not checked yet) or usable holds nothing', () => {
    expect(claudeProblem(host('ssh', null))).toBeNull();
    expect(claudeProblem(host('ssh', { command: 'claude', found: true, loggedIn: true, runningAsRoot: true }))).toBeNull();
    expect(claudeProblem(host('ssh', { command: 'claude', found: true, runningAsRoot: false }))).toBeNull();
  });

  it('logged out: holds sending and says what to run on that host, or the API key', () => {
    const remote = claudeProblem(host('ssh', { command: 'claude', found: true, loggedIn: false, authMethod: 'none', runningAsRoot: false }));
    expect(remote).toMatchObject({ headline: 'Claude is not logged in on build box.', blocksSending: true, holdReason: 'Claude is not logged in on build box' });
    expect(remote?.steps[0]).toEqual({ text: 'Open a terminal on build box and run ', command: 'claude', after: ', then /login.' });
    expect(commands(remote)).toEqual(['claude', 'ANTHROPIC_API_KEY']);
    expect(commands(claudeProblem(host('local', { command: 'claude', found: true, loggedIn: false, runningAsRoot: false })))).toEqual(['npx claude', 'ANTHROPIC_API_KEY']);
  });

  it('missing: the install command for a remote host, npm install for this computer', () => {
    expect(commands(claudeProblem(host('ssh', { command: 'claude', found: false, runningAsRoot: false, error: 'spawn claude ENOENT' })))).toEqual(['npm install -g @anthropic-ai/claude-code']);
    expect(claudeProblem(host('ssh', { command: 'claude', found: false, runningAsRoot: false, error: 'spawn claude ENOENT' }))?.headline).toContain('spawn claude ENOENT');
    expect(commands(claudeProblem(host('local', { command: 'claude', found: false, runningAsRoot: false })))).toEqual(['npm install']);
  });
});
