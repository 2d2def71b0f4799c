import { describe, expect, it } from 'vitest';
import type { HostView } from '../../shared/desk-api.js';
import { claudeLine } from './host-claude.js';

const host = (claude: HostView['claude']) => ({ id: 'h', name: 'build box', kind: 'ssh', claude }) as HostView;

describe('a host’s Claude in the sidebar', () => {
  it('says nothing while unknown', () => {
    expect(claudeLine(host(null))).toBeNull();
  });

  it('shows a short line when Claude cannot run there', () => {
    expect(claudeLine(host({ command: 'claude', found: false, runningAsRoot: false, error: 'spawn claude ENOENT' }))).toEqual({
      problem: 'Claude not installed',
      description: 'Claude Code is not installed on build box: spawn claude ENOENT',
    });
    expect(claudeLine(host({ command: 'claude', found: true, version: '2.1.197', loggedIn: false, runningAsRoot: false }))).toEqual({
      problem: 'Claude not logged in',
      description: 'Claude 2.1.197 on build box is not logged in',
    });
  });

  it('keeps the version and how it is logged in for the tooltip when all is well', () => {
    expect(claudeLine(host({ command: 'claude', found: true, version: '2.1.197', loggedIn: true, authMethod: 'claude.ai', apiProvider: 'firstParty', runningAsRoot: false }))).toEqual({
      problem: null,
      description: 'Claude 2.1.197 on build box, logged in (claude.ai, firstParty)',
    });
  });
});
