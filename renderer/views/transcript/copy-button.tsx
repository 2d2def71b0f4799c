/** A button that copies text to the clipboard and says, for a moment, whether it did. */
import { useEffect, useRef, useState } from 'react';

const SAID_FOR_MS = 1500;

export function CopyButton({ text, label, className = 'button small ghost' }: { text: () => string; label: string; className?: string }) {
  const [said, setSaid] = useState<'copied' | 'failed' | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = async () => {
    let outcome: 'copied' | 'failed';
    try {
      await navigator.clipboard.writeText(text());
      outcome = 'copied';
    } catch {
      outcome = 'failed';
    }
    setSaid(outcome);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setSaid(null), SAID_FOR_MS);
  };
  const outcome = said === 'copied' ? 'Copied' : said === 'failed' ? 'Copy failed' : '';
  return (
    <>
      <button type="button" className={className} onClick={() => void copy()} aria-label={label}>
        {outcome || 'Copy'}
      </button>
      {/* The button's name stays what it copies; whether it worked is announced apart. */}
      <span className="sr-only" aria-live="polite">
        {outcome}
      </span>
    </>
  );
}
