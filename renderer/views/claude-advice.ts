/**
 * What a host's `claude-status` means for someone about to type: whether Claude can run there,
 * and if not, what exactly to run on that host. Unknown (an older daemon, not checked yet) never
 * blocks anything.
 */
import type { HostView } from '../../shared/desk-api.js';

export interface ClaudeProblem {
  /** One line: what is wrong, naming the host. */
  headline: string;
  /** What to do, each a sentence; `command` parts are shown as code. */
  steps: { text: string; command?: string; after?: string }[];
  /** Sending is held until this is fixed. */
  blocksSending: boolean;
  /** Next to the Send button: why it is held. */
  holdReason: string;
}

export function claudeProblem(host: HostView | undefined): ClaudeProblem | null {
  const claude = host?.claude;
  if (!host || !claude) return null;
  const local = host.kind === 'local';
  if (!claude.found) {
    return {
      headline: `Claude Code is not installed on ${host.name}${claude.error ? ` (${claude.error})` : ''}.`,
      steps: local
        ? [{ text: 'In Switchyard’s folder, run ', command: 'npm install', after: ': it installs the Claude CLI this app uses.' }]
        : [{ text: `On ${host.name}, install it with `, command: 'npm install -g @anthropic-ai/claude-code', after: ', then Check again.' }],
      blocksSending: true,
      holdReason: `Claude is not installed on ${host.name}`,
    };
  }
  if (claude.loggedIn === false) {
    return {
      headline: `Claude is not logged in on ${host.name}.`,
      steps: [
        local
          ? { text: 'Open a terminal in Switchyard’s folder and run ', command: 'npx claude', after: ', then /login.' }
          : { text: `Open a terminal on ${host.name} and run `, command: 'claude', after: ', then /login.' },
        { text: 'Or set ', command: 'ANTHROPIC_API_KEY', after: local ? ' in the environment of npm start.' : ` for the daemon on ${host.name}.` },
      ],
      blocksSending: true,
      holdReason: `Claude is not logged in on ${host.name}`,
    };
  }
  return null;
}
