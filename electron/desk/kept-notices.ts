/** The warnings and errors of this run, the newest 50, for windows that open later (`app.notices`). */
import type { Notice } from '../../shared/desk-api.js';

const KEPT = 50;

export class KeptNotices {
  private readonly notices: Notice[] = [];

  /** Keeps a warning or an error (info is for the moment only), dropping the oldest past the bound. */
  note(notice: Notice): void {
    if (notice.level === 'info') return;
    this.notices.push(notice);
    if (this.notices.length > KEPT) this.notices.shift();
  }

  list(): Notice[] {
    return [...this.notices];
  }
}
