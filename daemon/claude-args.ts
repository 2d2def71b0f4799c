/** How the Claude CLI is started for a session: its launch settings and command-line arguments. */
import type { Mode } from '../shared/protocol.js';
import { CLI_PERMISSION_MODES } from './cli-control.js';

export interface ClaudeLaunch {
  /** The CLI command and its own leading arguments, e.g. ['claude'] or ['node', 'fake.mjs']. */
  command: readonly string[];
  cwd: string;
  mode: Mode;
  sdkSessionId: string | null;
  /** `--model`; the CLI's default when null or absent. */
  model?: string | null;
  /** Persistent: messages arrive on stdin as stream-json. Otherwise: `prompt` is the argument. */
  persistent: boolean;
  prompt?: string;
  appendSystemPrompt?: string;
  env: NodeJS.ProcessEnv;
}

/**
 * One process per message cannot be asked (no stdin), so there `auto` allows the tools that
 * need permission by name. Never --dangerously-skip-permissions: the CLI refuses it as root
 * unless the user's own environment says the host is a sandbox (IS_SANDBOX).
 */
const AUTO_ALLOWED_TOOLS = 'Bash,Edit,MultiEdit,Write,NotebookEdit,WebFetch,WebSearch';

/** The CLI's arguments for a launch (after the command's own). */
export function claudeArgs(launch: Omit<ClaudeLaunch, 'command' | 'cwd' | 'env'>): string[] {
  const args = ['--print', '--output-format', 'stream-json', '--verbose', '--include-partial-messages'];
  if (launch.persistent) args.push('--input-format', 'stream-json');
  args.push('--permission-mode', CLI_PERMISSION_MODES[launch.mode]);
  // Persistent: every request the mode does not settle comes to the daemon on stdout (cli-control.ts).
  if (launch.persistent) args.push('--permission-prompt-tool', 'stdio');
  else if (launch.mode === 'auto') args.push('--allowedTools', AUTO_ALLOWED_TOOLS);
  if (launch.sdkSessionId) args.push('--resume', launch.sdkSessionId);
  if (launch.model) args.push('--model', launch.model);
  if (launch.appendSystemPrompt) args.push('--append-system-prompt', launch.appendSystemPrompt);
  // After `--`, a message that starts with a dash is still the message.
  if (!launch.persistent) args.push('--', launch.prompt ?? '');
  return args;
}
