/** How the Claude CLI is started for a session: its launch settings and command-line arguments. */
import type { Mode } from '../shared/protocol.js';

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

const MODE_FLAGS: Record<Mode, string[]> = {
  auto: ['--dangerously-skip-permissions'],
  code: ['--permission-mode', 'acceptEdits'],
  plan: ['--permission-mode', 'plan'],
  ask: ['--permission-mode', 'default'],
};

/** The CLI's arguments for a launch (after the command's own). */
export function claudeArgs(launch: Omit<ClaudeLaunch, 'command' | 'cwd' | 'env'>): string[] {
  const args = ['--print', '--output-format', 'stream-json', '--verbose', '--include-partial-messages'];
  if (launch.persistent) args.push('--input-format', 'stream-json');
  args.push(...MODE_FLAGS[launch.mode]);
  if (launch.sdkSessionId) args.push('--resume', launch.sdkSessionId);
  if (launch.model) args.push('--model', launch.model);
  if (launch.appendSystemPrompt) args.push('--append-system-prompt', launch.appendSystemPrompt);
  // After `--`, a message that starts with a dash is still the message.
  if (!launch.persistent) args.push('--', launch.prompt ?? '');
  return args;
}
