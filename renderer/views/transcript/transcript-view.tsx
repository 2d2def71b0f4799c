/**
 * The virtualised transcript: only the rows in view are in the DOM. It stays pinned to the
 * bottom while output streams, offers "Jump to latest" once the reader scrolls up, and pins
 * again when the user sends (they want to see their message and the answer). While Claude works
 * and nothing streams, its last row is a live status (live-status.ts).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { TranscriptRow, TranscriptState } from '../../../shared/transcript.js';
import type { OutboxEntry } from '../../state/store.js';
import { ErrorBoundary } from '../error-boundary.js';
import { liveStatus, type LiveStatus } from './live-status.js';
import { LiveStatusRow } from './live-status-row.js';
import { TranscriptRowView } from './rows.js';
import { approvalShown, useApprovalTarget } from '../../state/approval-focus.js';
import { SessionKeyContext } from './session-key.js';

const PIN_SLACK_PX = 48;

const NO_OUTBOX: readonly OutboxEntry[] = [];

type ListRow = TranscriptRow | { id: 'live-status'; kind: 'live-status'; status: LiveStatus };

export function TranscriptView({ transcript, outbox = NO_OUTBOX, busy, emptyHint }: { transcript: TranscriptState; outbox?: readonly OutboxEntry[] | undefined; busy: boolean; emptyHint: string }) {
  // Messages still waiting to start sit below everything else, those still on their way after them, then the live status.
  const status = useMemo(() => liveStatus(transcript, outbox.length), [transcript, outbox.length]);
  const rows: readonly ListRow[] = useMemo(() => {
    if (transcript.pending.length === 0 && outbox.length === 0 && !status) return transcript.rows;
    const sending = outbox.map((entry): TranscriptRow => ({ id: `out-${entry.id}`, kind: 'user', text: entry.text, confirmed: false, queuedPosition: null }));
    return [...transcript.rows, ...transcript.pending, ...sending, ...(status ? [{ id: 'live-status' as const, kind: 'live-status' as const, status }] : [])];
  }, [transcript.rows, transcript.pending, outbox, status]);
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  /** Where this code last put the scroll position; a scroll above it is the reader's. */
  const placedAt = useRef(0);
  const [showJump, setShowJump] = useState(false);
  const rowsNow = useRef(rows);
  rowsNow.current = rows;
  const getItemKey = useCallback((index: number) => rowsNow.current[index]!.id, []);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 72,
    overscan: 8,
    getItemKey,
  });
  const totalSize = virtualizer.getTotalSize();

  const scrollToEnd = useCallback(() => {
    const element = scroller.current;
    if (!element) return;
    element.scrollTop = element.scrollHeight;
    placedAt.current = element.scrollTop;
  }, []);

  useLayoutEffect(() => {
    if (pinned.current) scrollToEnd();
  }, [rows, totalSize, scrollToEnd]);

  const unpin = () => {
    pinned.current = false;
    setShowJump(true);
  };

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight <= PIN_SLACK_PX;
    // Output arriving between the reader's scroll and this event must not pull them back down.
    if (element.scrollTop < placedAt.current - 2) {
      placedAt.current = element.scrollTop;
      if (!atBottom) return unpin();
    }
    pinned.current = atBottom;
    setShowJump(!atBottom);
  };

  const jump = () => {
    pinned.current = true;
    setShowJump(false);
    virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
    requestAnimationFrame(scrollToEnd);
  };

  // Sending pins again: a message this window sends shows at the bottom, and the answer under it.
  const newestSent = outbox.at(-1)?.id;
  const sentBefore = useRef(newestSent);
  useLayoutEffect(() => {
    if (newestSent === undefined || newestSent === sentBefore.current) return;
    sentBefore.current = newestSent;
    if (!pinned.current) jump();
  }, [newestSent]);

  // A notification or the palette asked for one of this session's requests: bring its card into view and focus it.
  const wanted = useApprovalTarget(useContext(SessionKeyContext));
  useEffect(() => {
    if (!wanted) return;
    const index = rows.findIndex((row) => row.kind === 'tool' && row.request?.requestId === wanted);
    if (index < 0) return;
    const row = rows[index]!;
    // Settled meanwhile (answered elsewhere, withdrawn): nothing to answer, and the view stays where the reader is.
    if (row.kind === 'tool' && row.request?.state !== 'waiting') return approvalShown(wanted);
    pinned.current = false;
    virtualizer.scrollToIndex(index, { align: 'center' });
    let frames = 0;
    let frame = requestAnimationFrame(function focusCard() {
      const card = scroller.current?.querySelector<HTMLElement>(`[data-approval="${CSS.escape(wanted)}"]`);
      if (card) {
        card.scrollIntoView({ block: 'nearest' });
        card.focus({ preventScroll: true });
        approvalShown(wanted);
        setShowJump(true);
      } else if (++frames < 30) frame = requestAnimationFrame(focusCard);
      else approvalShown(wanted);
    });
    return () => cancelAnimationFrame(frame);
  }, [wanted, rows, virtualizer]);

  return (
    <section className="transcript" aria-label="Transcript" aria-busy={busy}>
      {rows.length === 0 && <p className="empty transcript-empty">{emptyHint}</p>}
      <div
        ref={scroller}
        className="transcript-scroll"
        onScroll={onScroll}
        // The reader's intent to look back counts at once, before streaming output can scroll them down.
        onWheel={(event) => event.deltaY < 0 && unpin()}
        onKeyDown={(event) => ['ArrowUp', 'PageUp', 'Home'].includes(event.key) && unpin()}
        tabIndex={0}
      >
        <div className="transcript-inner" style={{ height: totalSize }}>
          {virtualizer.getVirtualItems().map((item) => (
            <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} className="transcript-row" style={{ transform: `translateY(${item.start}px)` }}>
              <ErrorBoundary what="this part of the transcript" compact>
                <ListRowView row={rows[item.index]!} />
              </ErrorBoundary>
            </div>
          ))}
        </div>
      </div>
      {showJump && (
        <button type="button" className="jump-latest" onClick={jump}>
          Jump to latest ↓
        </button>
      )}
    </section>
  );
}

function ListRowView({ row }: { row: ListRow }) {
  return row.kind === 'live-status' ? <LiveStatusRow status={row.status} /> : <TranscriptRowView row={row} />;
}
