import type { HostView } from '../../shared/desk-api.js';
import type { Mode } from '../../shared/protocol.js';

/**
 * What each permission mode lets Claude do, in the words the mode switch shows. A daemon with
 * approvals asks the developer where an older one can only refuse, so the words differ.
 */
const WITH_APPROVALS: Record<Mode, string> = {
  auto: 'Claude edits files and runs commands without asking.',
  code: 'File edits in the folder go ahead; Claude asks you before anything else.',
  plan: 'Claude reads and plans, then asks you to approve the plan before it changes anything.',
  ask: 'Claude asks you before every edit and every command.',
};

const WITHOUT_APPROVALS: Record<Mode, string> = {
  auto: 'Claude edits files and runs commands without asking.',
  code: 'File edits are accepted automatically; commands that need permission are refused.',
  plan: 'Claude reads and plans only; it changes nothing.',
  ask: 'Anything that needs permission is refused; Claude reads and answers.',
};

export const MODE_LABEL: Record<Mode, string> = { auto: 'Auto', code: 'Code', plan: 'Plan', ask: 'Ask' };

export const MODES = Object.keys(MODE_LABEL) as Mode[];

/** The host's daemon asks before a tool runs (and applies mode and model changes to a running Claude). */
export function hasApprovals(host: HostView | undefined): boolean {
  return host?.capabilities.includes('approvals') ?? false;
}

/** What the board and composer say of a mode, also of one this app does not know. */
export function modeLabel(mode: Mode | 'unknown'): string {
  return mode === 'unknown' ? 'Unknown' : MODE_LABEL[mode];
}

export function modeExplanation(mode: Mode | 'unknown', approvals: boolean): string {
  if (mode === 'unknown') return 'The daemon reports a mode this app does not know; pick one to set it.';
  return (approvals ? WITH_APPROVALS : WITHOUT_APPROVALS)[mode];
}
