/** Session actions offered in more than one place (the session header, the palette). */
import type { Controller } from '../state/controller.js';

/** Resumes the Claude conversation and says what the daemon did: resumed, or fell back to a fresh one. */
export async function resumeSession(controller: Controller, key: string): Promise<void> {
  const { sessions, hosts } = controller.store.getState();
  const session = sessions.get(key);
  const name = session?.name ?? key;
  const hostName = session ? (hosts.get(session.hostId)?.name ?? session.hostId) : null;
  const result = await controller.run('Resume', () => controller.desk.sessionsResume({ key }), [hostName, name].filter(Boolean).join(' · '));
  if (!result) return;
  if (!result.ok) controller.store.toast('warning', `${name}: the daemon could not resume the Claude conversation.`, hostName);
  else if (result.fallback) controller.store.toast('warning', `${name} resumed in a fresh Claude session: the daemon no longer had the old one, so Claude starts from the transcript's summary.`, hostName);
  else controller.store.toast('info', `${name} resumed its Claude conversation.`, hostName);
}
