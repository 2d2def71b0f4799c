import type { Mode } from '../../shared/protocol.js';

/** What each permission mode lets Claude do, in the words the mode switch shows. */
export const MODE_INFO: Record<Mode, { label: string; explanation: string }> = {
  auto: { label: 'Auto', explanation: 'Claude edits files and runs commands without asking.' },
  code: { label: 'Code', explanation: 'File edits are accepted automatically; commands that need permission are refused.' },
  plan: { label: 'Plan', explanation: 'Claude reads and plans only; it changes nothing.' },
  ask: { label: 'Ask', explanation: 'Anything that needs permission is refused; Claude reads and answers.' },
};

export const MODES = Object.keys(MODE_INFO) as Mode[];
