/**
 * A host's Claude in a few words, for places with little room (the sidebar): the problem when
 * there is one, otherwise the version and login for a tooltip. Unknown says nothing.
 */
import type { HostView } from '../../shared/desk-api.js';
import type { ClaudeStatus } from '../../shared/protocol.js';

export interface ClaudeLine {
  /** Shown as a line: something is wrong. */
  problem: string | null;
  /** Tooltip and accessible text: the full state. */
  description: string;
}

/** How Claude is logged in there, in words: "logged in (claude.ai, firstParty)". */
export function claudeLogin(claude: ClaudeStatus): string {
  if (claude.loggedIn === undefined) return 'login not reported';
  if (!claude.loggedIn) return 'not logged in';
  const how = [claude.authMethod, claude.apiProvider].filter(Boolean).join(', ');
  return how ? `logged in (${how})` : 'logged in';
}

export function claudeLine(host: HostView): ClaudeLine | null {
  const claude = host.claude;
  if (!claude) return null;
  if (!claude.found) return { problem: 'Claude not installed', description: `Claude Code is not installed on ${host.name}${claude.error ? `: ${claude.error}` : ''}` };
  if (claude.loggedIn === false) return { problem: 'Claude not logged in', description: `Claude${claude.version ? ` ${claude.version}` : ''} on ${host.name} is not logged in` };
  return { problem: null, description: `Claude ${claude.version ?? '(version not reported)'} on ${host.name}, ${claudeLogin(claude)}` };
}
