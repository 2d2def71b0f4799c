/**
 * The transcript's first row while only its newest part is held: how much of the earlier part
 * has been read, or why it could not be, with a way to try again.
 */
import type { PartialHistory } from '../../state/store.js';
import './messages.css';

export function EarlierRow({ partial, onRetry }: { partial: PartialHistory; onRetry: () => void }) {
  if (partial.error !== null) {
    return (
      <div className="earlier-row" role="alert">
        <span>Earlier messages could not be loaded: {partial.error}</span>
        <button type="button" className="link-button" onClick={onRetry}>
          Try again
        </button>
      </div>
    );
  }
  const percent = Math.floor((100 * partial.loaded) / partial.start);
  return (
    <div className="earlier-row" role="status">
      <span className="live-status-dot" aria-hidden="true" />
      <span>Loading earlier messages… {percent}%</span>
    </div>
  );
}
