/** A host's link state in words and colour; reconnecting counts down to the next attempt. */
import type { HostLinkView } from '../../shared/desk-api.js';
import { useNow } from '../lib/use-now.js';

export function linkLabel(link: HostLinkView, now: number): string {
  switch (link.status) {
    case 'connected':
      return 'Connected';
    case 'connecting':
      return 'Connecting…';
    case 'paused':
      return 'Paused';
    case 'reconnecting': {
      const seconds = Math.max(0, Math.ceil((link.retryAt - now) / 1000));
      return seconds > 0 ? `Reconnecting in ${seconds} s` : 'Reconnecting…';
    }
    case 'failed':
      return 'Failed';
  }
}

export function HostBadge({ link }: { link: HostLinkView }) {
  const now = useNow(link.status === 'reconnecting' ? 500 : 60_000);
  return <span className={`badge badge-${link.status}`}>{linkLabel(link, now)}</span>;
}
