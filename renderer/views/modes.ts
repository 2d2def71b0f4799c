import type { Mode } from '../../shared/protocol.js';

/** What each permission mode lets Claude do, in the words the mode switch shows. */
export const MODE_INFO: Record<Mode, { label: string; explanation: string }> = {
  auto: { label: 'Auto', explanation: 'Claude edits files and runs commands without asking.' },
  code: { label: 'Code', explanation: 'File edits are accepted automatically; commands that need permission are refused.' },
  plan: { label: 'Plan', explanation: 'Claude reads and plans only; it changes nothing.' },
  ask: { label: 'Ask', explanation: 'Anything that needs permission is refused; Claude reads and answers.' },
};

export const MODES = Object.keys(MODE_INFO) as Mode[];

/** What the board and composer say of a mode, also of one this app does not know. */
export function modeLabel(mode: Mode | 'unknown'): string {
  return mode === 'unknown' ? 'Unknown' : MODE_INFO[mode].label;
}

export function modeExplanation(mode: Mode | 'unknown'): string {
  return mode === 'unknown' ? 'The daemon reports a mode this app does not know; pick one to set it.' : MODE_INFO[mode].explanation;
}
