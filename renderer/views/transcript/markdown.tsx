/**
 * Claude's text as Markdown. Claude's output is untrusted: raw HTML is shown as the literal
 * text it is (never parsed into elements), links work only for http(s) and open outside the
 * app, images are shown as links so nothing loads from the network by itself, invisible
 * characters (bidi overrides, zero-width characters) show as markers, and a footnote nothing
 * refers to shows as text. How much is parsed at all is decided by markdown-plan.ts. Code blocks
 * carry a bar with their language and a Copy button above the code.
 */
import { Fragment, memo, useRef, type ComponentProps, type ReactElement } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { KeyedMemo } from '../../lib/keyed-memo.js';
import { CopyButton } from './copy-button.js';
import { useHighlightedLines } from '../../lib/lazy-highlight.js';
import { CodeTokens } from './tools/code-lines.js';
import { rehypeInvisibleMarks } from './rehype-untrusted.js';
import { MARKDOWN_LIMITS } from './markdown-plan.js';
import { remarkHtmlAsText, remarkOrphanFootnotesShown } from './remark-untrusted.js';
import { VisibleText } from './visible-text.js';
import './markdown.css';

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

/** The fence's language (```ts), from the class the Markdown parser gives the code: Claude's words, so bounded and shown as text. */
export function codeLanguage(node: unknown): string | null {
  const code = (node as { children?: { tagName?: string; properties?: { className?: unknown } }[] } | undefined)?.children?.find((child) => child.tagName === 'code');
  const classes = code?.properties?.className;
  const language = Array.isArray(classes) ? classes.find((name): name is string => typeof name === 'string' && name.startsWith('language-')) : undefined;
  if (!language) return null;
  const name = language.slice('language-'.length);
  return name.length > MAX_LANGUAGE ? `${name.slice(0, MAX_LANGUAGE)}…` : name;
}

const MAX_LANGUAGE = 24;

/** A fenced block: a bar with its language and Copy above the code, so the button never covers it. */
function CodeBlock({ node, children }: ComponentProps<'pre'> & { node?: unknown }) {
  const pre = useRef<HTMLPreElement>(null);
  const language = codeLanguage(node);
  return (
    <div className="code-block">
      <div className="code-head">
        <span className="code-language">{language ? <VisibleText text={language} /> : 'code'}</span>
        <CopyButton className="code-copy-button" label="Copy code" text={() => (pre.current?.textContent ?? '').replace(/\n$/, '')} />
      </div>
      <pre ref={pre}>{children}</pre>
    </div>
  );
}

/** The fence's language from the code's class (`language-ts`); null for inline code and fences without one. */
function fenceLanguage(className: string | undefined): string | null {
  const name = className?.split(' ').find((part) => part.startsWith('language-'));
  return name ? name.slice('language-'.length) : null;
}

/** A fenced block's code, coloured by its language once the page has had time (lazy-highlight.ts); too long, it stays plain. */
function HighlightedFence({ text, language }: { text: string; language: string | null }) {
  const lines = useHighlightedLines(text, text.length > MARKDOWN_LIMITS.highlightChars ? null : language);
  return lines.map((line, index) => (
    <Fragment key={index}>
      {index > 0 && '\n'}
      <CodeTokens line={line} />
    </Fragment>
  ));
}

function Code({ className, children }: ComponentProps<'code'> & { node?: unknown }) {
  const language = fenceLanguage(className);
  if (language === null || typeof children !== 'string') return <code className={className}>{children}</code>;
  return (
    <code className={className}>
      <HighlightedFence text={children.replace(/\n$/, '')} language={language} />
    </code>
  );
}

const components: Components = {
  a: Link,
  img: Image,
  pre: CodeBlock,
  code: Code,
};

const remarkPlugins = [remarkGfm, remarkHtmlAsText, remarkOrphanFootnotesShown];
const rehypePlugins = [rehypeInvisibleMarks];

/**
 * Finished Markdown, parsed and highlighted once: a row scrolled back into view, or a session
 * shown again, reuses its elements instead of parsing again. Keyed by the text itself.
 */
const parsed = new KeyedMemo<ReactElement>(500);
const NO_INPUTS: readonly unknown[] = [];

const parse = (text: string) => Markdown({ children: text, remarkPlugins, rehypePlugins, components });

/** `remember`: false for a block still growing, whose every version would crowd out the finished ones. */
export const MarkdownText = memo(function MarkdownText({ text, remember = true }: { text: string; remember?: boolean }) {
  return <div className="markdown">{remember ? parsed.get(text, NO_INPUTS, () => parse(text)) : parse(text)}</div>;
});
