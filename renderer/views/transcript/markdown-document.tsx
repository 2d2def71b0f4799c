/**
 * A message of Claude's as Markdown within bounds (markdown-plan.ts): the part within the budget
 * as Markdown, the rest as plain text that collapses when long, with a note saying why. The
 * answer always stays readable: a block the Markdown view fails on shows as plain text too.
 */
import { Component, useMemo, type ReactNode } from 'react';
import { plainSpans } from '../../lib/styled-spans.js';
import { MarkdownText } from './markdown.js';
import { MARKDOWN_LIMITS, planMarkdown, streamingSegments, type MarkdownPlan } from './markdown-plan.js';
import { CollapsibleText } from './styled-text.js';
import { VisibleText } from './visible-text.js';

type RestReason = NonNullable<MarkdownPlan['restReason']>;

function restNote(reason: RestReason, whole: boolean): string {
  const what = whole ? 'This answer is shown as plain text' : 'The rest of this answer is shown as plain text';
  return reason === 'long' ? `${what}: it is too long to format.` : `${what}: it nests lists, quotes or emphasis more than ${MARKDOWN_LIMITS.maxNesting} levels deep.`;
}

/** Text as it is, wrapping anywhere, invisible characters shown. */
function PlainBlock({ text }: { text: string }) {
  return (
    <div className="markdown">
      <p className="md-plain">
        <VisibleText text={text} />
      </p>
    </div>
  );
}

/** The Markdown view, or the plain text with a note if it fails on this text (never a blank error). */
class MarkdownOrPlain extends Component<{ text: string; remember?: boolean }, { failed: boolean; text: string }> {
  override state = { failed: false, text: this.props.text };

  static getDerivedStateFromProps(props: { text: string }, state: { text: string }) {
    return props.text === state.text ? null : { failed: false, text: props.text };
  }

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return <MarkdownText text={this.props.text} remember={this.props.remember ?? true} />;
    return (
      <>
        <p className="md-plain-note" role="note">
          This part could not be formatted; it is shown as plain text.
        </p>
        <PlainBlock text={this.props.text} />
      </>
    );
  }
}

/** The plain-text rest of a message: in full while it streams, then collapsed like long tool output (unless it was followed live). */
function PlainRest({ id, text, reason, whole, streaming }: { id: string; text: string; reason: RestReason; whole: boolean; streaming: boolean }) {
  const spans = useMemo(() => plainSpans(text), [text]);
  return (
    <div className="markdown md-rest">
      <p className="md-plain-note" role="note">
        {restNote(reason, whole)}
      </p>
      <CollapsibleText toggleId={`${id}:plain-rest`} spans={spans} live={streaming} container={(children) => <p className="md-plain">{children}</p>} />
    </div>
  );
}

/**
 * While streaming: finished blocks, in segments, keep their rendering; only the growing block is
 * parsed again on each update, and only while it is small: a big one is plain text until finished.
 */
function StreamingBlocks({ text, plan }: { text: string; plan: MarkdownPlan }) {
  const growing = plan.restStart === text.length ? plan.blocks.at(-1) : undefined;
  const segments = streamingSegments(growing ? plan.blocks.slice(0, -1) : plan.blocks);
  const heavy = growing && (growing.end - growing.start > MARKDOWN_LIMITS.streamingPlainChars || growing.cost > MARKDOWN_LIMITS.streamingBudget);
  const growingText = growing ? text.slice(growing.start, growing.end) : '';
  return (
    <>
      {segments.map((segment, index) => (
        <MarkdownOrPlain key={index} text={text.slice(segment.start, segment.end)} />
      ))}
      {growing && (heavy ? <PlainBlock key="growing" text={growingText} /> : <MarkdownOrPlain key="growing" text={growingText} remember={false} />)}
    </>
  );
}

export function MarkdownDocument({ id, text, streaming }: { id: string; text: string; streaming: boolean }) {
  const plan = useMemo(() => planMarkdown(text), [text]);
  const head = plan.blocks.length > 0 ? text.slice(0, plan.blocks.at(-1)!.end) : '';
  let body: ReactNode = null;
  if (streaming) body = <StreamingBlocks text={text} plan={plan} />;
  else if (head) body = <MarkdownOrPlain text={head} />;
  return (
    <>
      {body}
      {plan.restReason && <PlainRest id={id} text={text.slice(plan.restStart)} reason={plan.restReason} whole={plan.blocks.length === 0} streaming={streaming} />}
    </>
  );
}
