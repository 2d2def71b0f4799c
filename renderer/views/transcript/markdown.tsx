/**
 * Claude's text as Markdown. Claude's output is untrusted: raw HTML is shown as the literal
 * text it is (never parsed into elements), links work only for http(s) and open outside the
 * app, images are shown as links so nothing loads from the network by itself, invisible
 * characters (bidi overrides, zero-width characters) show as markers, and a footnote nothing
 * refers to shows as text. How much is parsed at all is decided by markdown-plan.ts.
 */
import { memo, useRef, useState, type ComponentProps, type ReactNode } from 'react';
import Markdown, { type Components } from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import remarkGfm from 'remark-gfm';
import { rehypeBigCodePlain, rehypeInvisibleMarks } from './rehype-untrusted.js';
import { remarkHtmlAsText, remarkOrphanFootnotesShown } from './remark-untrusted.js';
import { VisibleText } from './visible-text.js';

export function safeHref(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : '';
  } catch {
    return '';
  }
}

function Link({ href, children }: ComponentProps<'a'>) {
  const safe = href ? safeHref(href) : '';
  if (!safe) return <span className="md-dead-link" title="Only http and https links open">{children}</span>;
  return (
    <a href={safe} target="_blank" rel="noopener noreferrer" title={safe}>
      {children}
    </a>
  );
}

function Image({ src, alt }: ComponentProps<'img'>) {
  const safe = typeof src === 'string' ? safeHref(src) : '';
  const label = <VisibleText text={`[image: ${alt || 'untitled'}]`} />;
  return safe ? (
    <a href={safe} target="_blank" rel="noopener noreferrer">
      {label}
    </a>
  ) : (
    <span className="md-dead-link">{label}</span>
  );
}

function CodeBlock({ children }: { children?: ReactNode }) {
  const pre = useRef<HTMLPreElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText((pre.current?.textContent ?? '').replace(/\n$/, ''));
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="code-block">
      <button type="button" className="code-copy" onClick={() => void copy()} aria-label="Copy code">
        {copied ? 'Copied' : 'Copy'}
      </button>
      <pre ref={pre}>{children}</pre>
    </div>
  );
}

const components: Components = {
  a: Link,
  img: Image,
  pre: CodeBlock,
};

/**
 * The highlighter made once: rehype-highlight builds its grammars (dozens of languages) each time
 * a processor uses it, and a streaming message has a processor per block.
 */
const highlight = rehypeHighlight({ detect: false });
const sharedHighlight = () => highlight;

const remarkPlugins = [remarkGfm, remarkHtmlAsText, remarkOrphanFootnotesShown];
const rehypePlugins = [rehypeBigCodePlain, sharedHighlight, rehypeInvisibleMarks];

export const MarkdownText = memo(function MarkdownText({ text }: { text: string }) {
  return (
    <div className="markdown">
      <Markdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
        {text}
      </Markdown>
    </div>
  );
});
