/**
 * The virtualised transcript: only the rows in view are in the DOM. It stays pinned to the
 * bottom while output streams, and offers "Jump to latest" once the reader scrolls up.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { TranscriptRow, TranscriptState } from '../../../shared/transcript.js';
import { TranscriptRowView } from './rows.js';

const PIN_SLACK_PX = 48;

export function TranscriptView({ transcript, busy, emptyHint }: { transcript: TranscriptState; busy: boolean; emptyHint: string }) {
  // Messages still waiting to start sit below everything else.
  const rows: readonly TranscriptRow[] = useMemo(() => (transcript.pending.length === 0 ? transcript.rows : [...transcript.rows, ...transcript.pending]), [transcript.rows, transcript.pending]);
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const [showJump, setShowJump] = useState(false);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 72,
    overscan: 8,
    getItemKey: (index) => rows[index]!.id,
  });
  const totalSize = virtualizer.getTotalSize();

  const scrollToEnd = useCallback(() => {
    const element = scroller.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, []);

  useLayoutEffect(() => {
    if (pinned.current) scrollToEnd();
  }, [rows, totalSize, scrollToEnd]);

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight <= PIN_SLACK_PX;
    pinned.current = atBottom;
    setShowJump(!atBottom);
  };

  const jump = () => {
    pinned.current = true;
    setShowJump(false);
    virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
    requestAnimationFrame(scrollToEnd);
  };

  return (
    <section className="transcript" aria-label="Transcript" aria-busy={busy}>
      {rows.length === 0 && <p className="empty transcript-empty">{emptyHint}</p>}
      <div ref={scroller} className="transcript-scroll" onScroll={onScroll} tabIndex={0}>
        <div className="transcript-inner" style={{ height: totalSize }}>
          {virtualizer.getVirtualItems().map((item) => (
            <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} className="transcript-row" style={{ transform: `translateY(${item.start}px)` }}>
              <TranscriptRowView row={rows[item.index]!} />
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
