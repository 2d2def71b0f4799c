/**
 * The virtualised transcript: only the rows in view are in the DOM. It stays pinned to the
 * bottom while output streams, offers "Jump to latest" once the reader scrolls up, and pins
 * again when the user sends (they want to see their message and the answer). While Claude works
 * and nothing streams, its last row is a live status (live-status.ts). A session shown again
 * opens where it was left (left-views.ts); while only its newest part is held, the first row says
 * how the rest loads, and rows that arrive above the reader leave them where they were.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { TranscriptRow, TranscriptState } from '../../../shared/transcript.js';
import type { OutboxEntry, PartialHistory } from '../../state/store.js';
import { EarlierRow } from './earlier-row.js';
import { estimateRowHeight } from './row-estimate.js';
import { asMeasurements, endOffset, leaveView, leftViewOf } from './left-views.js';
import { ErrorBoundary } from '../error-boundary.js';
import { liveStatus, type LiveStatus } from './live-status.js';
import { LiveStatusRow } from './live-status-row.js';
import { TranscriptRowView } from './rows.js';
import { approvalShown, useApprovalTarget } from '../../state/approval-focus.js';
import { SessionKeyContext } from './session-key.js';

const PIN_SLACK_PX = 48;
/**
 * A scroll step longer than this many screens is a fling: the rows it passes are not drawn (their
 * Markdown parsed, their diffs laid out) until the list comes to rest, so the fling stays smooth.
 */
const FLING_SCREENS = 2;
/** A scroll this soon after the reader's wheel, key or touch is theirs. */
const READER_INPUT_MS = 250;

const NO_OUTBOX: readonly OutboxEntry[] = [];

type ListRow = TranscriptRow | { id: 'live-status'; kind: 'live-status'; status: LiveStatus } | { id: 'earlier'; kind: 'earlier'; partial: PartialHistory };

interface TranscriptViewProps {
  transcript: TranscriptState;
  outbox?: readonly OutboxEntry[] | undefined;
  busy: boolean;
  emptyHint: string;
  /** Set while only the newest part is held: its first row then says how the earlier part loads. */
  partial?: PartialHistory | null | undefined;
  onRetryEarlier?: (() => void) | undefined;
}

/** Where the reader is: the first row in view and how far its top is above the viewport's. */
interface Anchor {
  key: string | number | bigint;
  offset: number;
}

export function TranscriptView({ transcript, outbox = NO_OUTBOX, busy, emptyHint, partial = null, onRetryEarlier }: TranscriptViewProps) {
  // Messages still waiting to start sit below everything else, those still on their way after them, then the live status.
  const status = useMemo(() => liveStatus(transcript, outbox.length), [transcript, outbox.length]);
  const rows: readonly ListRow[] = useMemo(() => {
    if (transcript.pending.length === 0 && outbox.length === 0 && !status && !partial) return transcript.rows;
    const sending = outbox.map((entry): TranscriptRow => ({ id: `out-${entry.id}`, kind: 'user', text: entry.text, confirmed: false, queuedPosition: null }));
    const earlier = partial ? [{ id: 'earlier' as const, kind: 'earlier' as const, partial }] : [];
    return [...earlier, ...transcript.rows, ...transcript.pending, ...sending, ...(status ? [{ id: 'live-status' as const, kind: 'live-status' as const, status }] : [])];
  }, [transcript.rows, transcript.pending, outbox, status, partial]);
  const sessionKey = useContext(SessionKeyContext);
  const [left] = useState(() => {
    const view = sessionKey === null ? undefined : leftViewOf(sessionKey);
    return view && !view.pinned && view.firstRowId !== rows[0]?.id ? { ...view, pinned: true } : view;
  });
  /** The scroll position as of the last scroll: a view being removed can no longer be asked. */
  const scrolledTo = useRef(left?.scrollTop ?? 0);
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(left?.pinned ?? true);
  const retryEarlier = useCallback(() => onRetryEarlier?.(), [onRetryEarlier]);
  /** Where this code last put the scroll position; a scroll above it is the reader's. */
  const placedAt = useRef(0);
  const [showJump, setShowJump] = useState(left ? !left.pinned : false);
  const rowsNow = useRef(rows);
  rowsNow.current = rows;
  const getItemKey = useCallback((index: number) => rowsNow.current[index]!.id, []);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: useCallback((index: number) => estimateRowHeight(rowsNow.current[index]), []),
    // Few rows beyond the screen: a row of code and a diff is hundreds of elements to lay out.
    overscan: 3,
    getItemKey,
    initialMeasurementsCache: useMemo(() => (left ? asMeasurements(left.sizes) : []), [left]),
    // Opened at its end, the first render already lays out the newest rows (not the first ones, to be scrolled away at once).
    initialOffset: () => (left && !left.pinned ? left.scrollTop : endOffset(rowsNow.current, left?.sizes)),
    initialRect: { width: 0, height: window.innerHeight },
    // Measuring a row must not re-render the list there and then: rows mounted together are measured together.
    useFlushSync: false,
  });
  useEffect(
    () => () => {
      if (sessionKey !== null) leaveView(sessionKey, { sizes: new Map(virtualizer.itemSizeCache), pinned: pinned.current, scrollTop: scrolledTo.current, firstRowId: rowsNow.current[0]?.id });
    },
    [sessionKey, virtualizer],
  );
  const totalSize = virtualizer.getTotalSize();
  // While the reader flings through the list (more than FLING_SCREENS screens in one scroll step) and it has not come to rest.
  const flinging = useRef(false);
  const readerInputAt = useRef(-Infinity);
  const readerScrolling = useRef(false);
  useEffect(() => {
    const released = () => (readerScrolling.current = false);
    window.addEventListener('pointerup', released, true);
    window.addEventListener('pointercancel', released, true);
    // Chromium may not send pointerup after a scroll-bar drag; the scroll ending says it too.
    scroller.current?.addEventListener('scrollend', released);
    const element = scroller.current;
    return () => {
      window.removeEventListener('pointerup', released, true);
      window.removeEventListener('pointercancel', released, true);
      element?.removeEventListener('scrollend', released);
    };
  }, []);
  const skimming = flinging.current && virtualizer.isScrolling;
  const drawnRows = useRef(new Set<string | number | bigint>());
  const wasDrawn = drawnRows.current;
  const nowDrawn = new Set<string | number | bigint>();
  useLayoutEffect(() => {
    drawnRows.current = nowDrawn;
  });

  const scrollToEnd = useCallback(() => {
    const element = scroller.current;
    if (!element) return;
    element.scrollTop = element.scrollHeight;
    placedAt.current = element.scrollTop;
  }, []);

  // Rows that arrive above the reader (the earlier part, once read) leave the rows they read where they were.
  const anchor = useRef<Anchor | null>(null);
  const firstRowId = rows[0]?.id;
  const firstRowBefore = useRef(firstRowId);
  useLayoutEffect(() => {
    const element = scroller.current;
    const held = anchor.current;
    if (firstRowId === firstRowBefore.current) return;
    firstRowBefore.current = firstRowId;
    anchor.current = null;
    if (pinned.current || !element || !held) return;
    const index = rowsNow.current.findIndex((row) => row.id === held.key);
    const start = index < 0 ? undefined : virtualizer.measurementsCache[index]?.start;
    if (start === undefined) return;
    element.scrollTop = start + held.offset;
    placedAt.current = element.scrollTop;
  }, [firstRowId, virtualizer]);

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
    // Only the reader flings: output scrolling a pinned list, or a jump to a row, draws what it shows at once.
    const byReader = readerScrolling.current || performance.now() - readerInputAt.current < READER_INPUT_MS;
    flinging.current = byReader && Math.abs(element.scrollTop - scrolledTo.current) > FLING_SCREENS * element.clientHeight;
    scrolledTo.current = element.scrollTop;
    // Noted where the reader is only while rows may still arrive above them (reading the position in a render would cost a layout each time).
    if (partial) {
      // From the offset, not the rows last drawn: after a fast scroll those are somewhere else.
      const at = virtualizer.getVirtualItemForOffset(element.scrollTop);
      const first = at?.key === 'earlier' ? virtualizer.measurementsCache[at.index + 1] : at;
      anchor.current = first ? { key: first.key, offset: element.scrollTop - first.start } : null;
    } else anchor.current = null;
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
    <section className="transcript" aria-label="Transcript" aria-busy={busy} data-whole={partial ? 'false' : 'true'}>
      {rows.length === 0 && <p className="empty transcript-empty">{emptyHint}</p>}
      <div
        ref={scroller}
        className="transcript-scroll"
        onScroll={onScroll}
        // The reader's intent to look back counts at once, before streaming output can scroll them down.
        onWheel={(event) => {
          readerInputAt.current = performance.now();
          if (event.deltaY < 0) unpin();
        }}
        onKeyDown={(event) => {
          readerInputAt.current = performance.now();
          if (['ArrowUp', 'PageUp', 'Home'].includes(event.key)) unpin();
        }}
        onTouchMove={() => (readerInputAt.current = performance.now())}
        // Dragging the scroll bar: the reader scrolls for as long as the button is down (released anywhere; see below).
        onPointerDown={() => (readerScrolling.current = true)}

        tabIndex={0}
      >
        <div className="transcript-inner" style={{ height: totalSize }}>
          {virtualizer.getVirtualItems().map((item) => {
            // Rows flung past are only space until the list comes to rest; a row already drawn stays drawn.
            const drawn = !skimming || wasDrawn.has(item.key);
            if (!drawn) return <div key={item.key} data-index={item.index} className="transcript-row transcript-row-skimmed" aria-hidden="true" style={{ transform: `translateY(${item.start}px)`, height: item.size }} />;
            nowDrawn.add(item.key);
            return (
              <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} className="transcript-row" style={{ transform: `translateY(${item.start}px)` }}>
                <ErrorBoundary what="this part of the transcript" compact>
                  <ListRowView row={rows[item.index]!} onRetryEarlier={retryEarlier} />
                </ErrorBoundary>
              </div>
            );
          })}
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

function ListRowView({ row, onRetryEarlier }: { row: ListRow; onRetryEarlier: () => void }) {
  if (row.kind === 'earlier') return <EarlierRow partial={row.partial} onRetry={onRetryEarlier} />;
  return row.kind === 'live-status' ? <LiveStatusRow status={row.status} /> : <TranscriptRowView row={row} />;
}
