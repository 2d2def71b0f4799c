/**
 * The composer: Enter sends, Shift+Enter adds a line, Esc or Stop interrupts. Send and Stop swap
 * by state: Stop while Claude works (Enter then queues the message), Send otherwise. Sending is
 * held while the host's Claude cannot run (not logged in, not installed), with the reason next
 * to Send. Nothing typed is lost: a message the desk refused goes back in the box with the
 * reason, and text handed over by the transcript ("Edit and resend") joins what is there.
 * Typing `/` at the start suggests the host CLI's slash commands (composer-suggestions.tsx); the
 * box grows with its text up to half the window (composer-growth.ts).
 */
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { HostView, SessionView } from '../../shared/desk-api.js';
import type { Mode, SlashCommand } from '../../shared/protocol.js';
import { errorMessage } from '../api.js';
import { useHandedText, withHandedText } from '../state/composer-handoff.js';
import { loadDraft, saveDraft } from '../state/drafts.js';
import { useController } from '../state/hooks.js';
import { claudeProblem } from './claude-advice.js';
import { awaitingArguments } from './composer-commands.js';
import { useGrowingBox } from './composer-growth.js';
import { optionId, SlashSuggestionList, useSlashSuggestions } from './composer-suggestions.js';
import { VisibleText } from './transcript/visible-text.js';
import { hasApprovals, MODE_LABEL, MODES, modeExplanation } from './modes.js';
import { modelName, ModelPicker } from './model-picker.js';

const NO_COMMANDS: readonly SlashCommand[] = [];

export function Composer({ session, host, hostName }: { session: SessionView; host: HostView | undefined; hostName: string }) {
  const controller = useController();
  const [text, setText] = useState(() => loadDraft(session.key));
  const [error, setError] = useState<string | null>(null);
  /** What the last mode or model change did, said once. */
  const [applied, setApplied] = useState<string | null>(null);
  const approvals = hasApprovals(host);
  const models = host?.models ?? [];
  const input = useRef<HTMLTextAreaElement>(null);
  const modeHelp = useId();
  const busy = session.status === 'busy';
  const offline = session.lost;
  const problem = claudeProblem(host);
  /** Why sending is held now (the host's Claude cannot run), or null. */
  const held = problem?.blocksSending ? problem.holdReason : null;
  const holdId = useId();
  const commands = host?.commands ?? NO_COMMANDS;
  const listId = useId();
  const argumentHintId = useId();

  useEffect(() => {
    setText(loadDraft(session.key));
    setError(null);
    setApplied(null);
    input.current?.focus();
  }, [session.key]);

  const edit = (value: string) => {
    setText(value);
    saveDraft(session.key, value);
  };

  // "Edit and resend": the failed message joins the box, after anything typed, ready to change.
  const key = session.key;
  const takeHanded = useCallback(
    (handed: string) => {
      const next = withHandedText(loadDraft(key), handed);
      setText(next);
      saveDraft(key, next);
      setError(null);
      const box = input.current;
      if (box) {
        box.focus();
        requestAnimationFrame(() => box.setSelectionRange(box.value.length, box.value.length));
      }
    },
    [key],
  );
  useHandedText(key, takeHanded);
  useGrowingBox(input, text);

  const suggestions = useSlashSuggestions(text, commands, (picked) => {
    edit(picked);
    const box = input.current;
    if (box) requestAnimationFrame(() => box.setSelectionRange(box.value.length, box.value.length));
  });
  const awaiting = suggestions.open ? null : awaitingArguments(text, commands);
  const describedBy = [held ? holdId : null, awaiting ? argumentHintId : null].filter(Boolean).join(' ') || undefined;

  const send = async () => {
    const message = text;
    if (!message.trim() || held || offline) return;
    setError(null);
    edit('');
    try {
      await controller.send(session.key, message);
    } catch (failure) {
      // Nothing is lost: the text goes back in the box (after anything typed since) with the reason.
      const current = loadDraft(session.key);
      edit(current ? `${current}\n${message}` : message);
      setError(`Not sent to ${session.name} on ${hostName}: ${errorMessage(failure)}`);
    }
  };

  const stop = async () => {
    setError(null);
    try {
      await controller.desk.sessionsInterrupt({ key: session.key });
    } catch (failure) {
      setError(`Could not stop ${session.name}: ${errorMessage(failure)}`);
    }
  };

  // A daemon with approvals hands a change to the running Claude at once; an older one from the next message.
  const whenApplied = () => (approvals ? (busy ? 'applied at once, also to the turn under way' : 'applied at once') : 'applies from the next message');

  const setMode = async (mode: Mode) => {
    setError(null);
    setApplied(null);
    try {
      await controller.desk.sessionsSetMode({ key: session.key, mode });
      setApplied(`${MODE_LABEL[mode]} mode, ${whenApplied()}: ${modeExplanation(mode, approvals)}`);
    } catch (failure) {
      setError(`Mode not changed: ${errorMessage(failure)}`);
    }
  };

  const setModel = async (model: string | null) => {
    setError(null);
    setApplied(null);
    try {
      await controller.desk.sessionsSetModel({ key: session.key, model });
      setApplied(`${modelName(model, models)}: ${whenApplied()}.`);
    } catch (failure) {
      setError(`Model not changed: ${errorMessage(failure)}`);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (suggestions.onKeyDown(event)) return;
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    } else if (event.key === 'Escape' && busy) {
      event.preventDefault();
      void stop();
    }
  };

  // Cut short with an ellipsis on narrow windows; the whole text stays in the title.
  const modeStatus = applied ?? `${modeExplanation(session.mode, approvals)} Changes ${approvals ? 'apply at once' : 'apply from the next message'}.`;
  return (
    <form
      className="composer"
      aria-label="Composer"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      {error && (
        <p className="composer-error" role="alert">
          {error}
        </p>
      )}
      {awaiting && (
        <p id={argumentHintId} className="composer-arg-hint">
          <code>
            /<VisibleText text={awaiting.name} />
          </code>{' '}
          takes <VisibleText text={awaiting.argumentHint ?? ''} />
        </p>
      )}
      {/* The combobox of the ARIA 1.1 pattern: the box stays a textbox, the list is its popup. */}
      <div className="composer-field" role="combobox" aria-label="Message and slash commands" aria-expanded={suggestions.open} aria-controls={listId}>
        {suggestions.open && <SlashSuggestionList id={listId} suggestions={suggestions} />}
        <textarea
          ref={input}
          className="composer-box"
          aria-label="Message"
          placeholder={offline ? 'This session is lost on its daemon; restore it to send.' : busy ? 'Claude is working; Enter queues a message for after this turn.' : `Message Claude (Enter sends, Shift+Enter for a new line${commands.length > 0 ? ', / for commands' : ''})`}
          aria-describedby={describedBy}
          aria-autocomplete={commands.length > 0 ? 'list' : undefined}
          aria-controls={suggestions.open ? listId : undefined}
          aria-activedescendant={suggestions.open ? optionId(listId, suggestions.active) : undefined}
          value={text}
          rows={3}
          disabled={offline}
          onChange={(event) => edit(event.target.value)}
          onKeyDown={onKeyDown}
        />
      </div>
      <div className="composer-bar">
        <label className="mode-switch">
          <span>Mode</span>
          <select aria-label="Mode" aria-describedby={modeHelp} value={session.mode} onChange={(event) => void setMode(event.target.value as Mode)}>
            {session.mode === 'unknown' && (
              <option value="unknown" disabled>
                Unknown
              </option>
            )}
            {MODES.map((mode) => (
              <option key={mode} value={mode} title={modeExplanation(mode, approvals)}>
                {MODE_LABEL[mode]}
              </option>
            ))}
          </select>
        </label>
        <label className="mode-switch">
          <span>Model</span>
          <ModelPicker value={session.model} options={models} onChange={(model) => void setModel(model)} disabled={offline} />
        </label>
        <span id={modeHelp} className="mode-help" role="status" title={modeStatus}>
          {modeStatus}
        </span>
        <span className="spacer" />
        {held && (
          <span id={holdId} className="composer-hold" role="status" title={held}>
            {held}
          </span>
        )}
        {busy ? (
          <>
            {!held && <span className="composer-hint">Enter queues your message</span>}
            <button type="button" className="button danger-outline" onClick={() => void stop()} title="Stop Claude (Esc). Enter queues what you type for after this turn.">
              Stop
            </button>
          </>
        ) : (
          <button type="submit" className="button primary" disabled={!text.trim() || offline || held !== null} title={held ?? 'Send (Enter)'}>
            Send
          </button>
        )}
      </div>
    </form>
  );
}
