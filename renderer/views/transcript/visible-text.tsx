/** Untrusted text with its invisible characters shown as markers (see lib/invisible-chars.ts). */
import { memo } from 'react';
import { codePointLabel, invisibleDescription, splitInvisible } from '../../lib/invisible-chars.js';
import './untrusted-text.css';

/** The class and accessible name of a marker, shared with the Markdown view's rehype plugin. */
export function invisibleMarkProps(codePoint: number, count: number) {
  const description = invisibleDescription(codePoint, count);
  const label = count === 1 ? codePointLabel(codePoint) : `${codePointLabel(codePoint)} ×${count.toLocaleString('en-US')}`;
  return { className: 'invisible-mark', role: 'img', 'aria-label': description, title: description, label };
}

function InvisibleMark({ codePoint, count }: { codePoint: number; count: number }) {
  const { label, ...props } = invisibleMarkProps(codePoint, count);
  return <span {...props}>{label}</span>;
}

export const VisibleText = memo(function VisibleText({ text }: { text: string }) {
  const pieces = splitInvisible(text);
  if (pieces.length === 1 && typeof pieces[0] === 'string') return pieces[0];
  return (
    <>
      {pieces.map((piece, index) => (typeof piece === 'string' ? piece : <InvisibleMark key={index} codePoint={piece.codePoint} count={piece.count} />))}
    </>
  );
});
