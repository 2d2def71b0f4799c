/**
 * One of Claude's requests on its tool card: what Claude wants to do, and the answers. A tool
 * call: Allow, Allow for this session, Deny (with a message, and optionally stopping the turn).
 * A plan: approve and go on in Code or Auto, or keep planning with feedback. A question: its
 * options. Keys shown on the buttons answer while the card has the focus; typing in a text box
 * (the composer, the message here) never answers.
 */
import { useContext, useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { ApprovalRequest } from '../../../shared/transcript.js';
import { errorMessage } from '../../api.js';
import { isEditable } from '../../lib/keys.js';
import { useController } from '../../state/hooks.js';
import { MarkdownDocument } from './markdown-document.js';
import { VisibleText } from './visible-text.js';
import { SessionKeyContext } from './session-key.js';

type Answer = { decision: 'allow' | 'deny'; message?: string; remember?: boolean; interrupt?: boolean; mode?: 'code' | 'auto'; answers?: Record<string, string> };

interface Question {
  question: string;
  header?: string;
  options: { label: string; description?: string }[];
  multiSelect?: boolean;
}

function questionsOf(input: unknown): Question[] {
  const list = (input as { questions?: unknown } | null)?.questions;
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown) => {
    const item = entry as Partial<Question> | null;
    if (!item || typeof item.question !== 'string' || !Array.isArray(item.options)) return [];
    const options = item.options.flatMap((option: unknown) => {
      const value = option as { label?: unknown; description?: unknown } | null;
      return typeof value?.label === 'string' ? [{ label: value.label, ...(typeof value.description === 'string' ? { description: value.description } : {}) }] : [];
    });
    return [{ question: item.question, ...(typeof item.header === 'string' ? { header: item.header } : {}), options, multiSelect: item.multiSelect === true }];
  });
}

/** One question, one choice: its option buttons answer at once. */
const oneChoice = (questions: Question[]) => questions.length === 1 && !questions[0]!.multiSelect && questions[0]!.options.length > 0;

/** The CLI's `answers`: each question's chosen labels, several joined with ", ". */
function answersOf(questions: Question[], chosen: Record<number, string[]>): Record<string, string> {
  return Object.fromEntries(questions.map((question, at) => [question.question, (chosen[at] ?? []).join(', ')]));
}

/** Several questions, or several choices: each option a toggle, sent together. */
function QuestionChoices({ questions, chosen, onChange }: { questions: Question[]; chosen: Record<number, string[]>; onChange: (next: Record<number, string[]>) => void }) {
  const toggle = (at: number, label: string) => {
    const current = chosen[at] ?? [];
    const next = questions[at]!.multiSelect ? (current.includes(label) ? current.filter((value) => value !== label) : [...current, label]) : [label];
    onChange({ ...chosen, [at]: next });
  };
  return questions.map((question, at) => (
    <div key={question.question} className="approval-choices" role="group" aria-label={question.header ?? question.question}>
      {question.options.map((option) => (
        <button key={option.label} type="button" className="chip" aria-pressed={(chosen[at] ?? []).includes(option.label)} onClick={() => toggle(at, option.label)}>
          <VisibleText text={option.label} />
        </button>
      ))}
      {question.multiSelect && <span className="hint"> (choose any)</span>}
    </div>
  ));
}

const WITHDRAWN: Record<string, string> = {
  interrupted: 'withdrawn when the turn was interrupted',
  exited: "withdrawn: Claude's process ended before it was answered",
  destroyed: 'withdrawn: the session was destroyed',
  restarted: 'withdrawn: the daemon restarted, and the Claude that asked is gone',
  'the turn ended': 'withdrawn: the turn ended before it was answered',
  ended: 'withdrawn: the turn ended before it was answered',
  cancelled: 'withdrawn: Claude went on without an answer',
  stopped: 'withdrawn: the daemon was stopped',
  'the daemon restarted': 'withdrawn: the daemon restarted, and the Claude that asked is gone',
  'the turn failed': 'withdrawn: the turn failed',
};

/** How a settled request ended, in words. */
export function settledText(request: ApprovalRequest): string {
  if (request.state === 'withdrawn') return WITHDRAWN[request.message ?? ''] ?? `withdrawn${request.message ? `: ${request.message}` : ''}`;
  if (request.state === 'deny') return request.message ? `denied: ${request.message}` : 'denied';
  if (request.by === 'daemon') return 'allowed automatically (Auto mode)';
  if (request.kind === 'plan') return request.mode ? `approved; Claude goes on in ${request.mode === 'auto' ? 'Auto' : 'Code'} mode` : 'approved';
  if (request.kind === 'question') return 'answered';
  return 'allowed';
}

function Key({ children }: { children: string }) {
  return <kbd className="approval-key">{children}</kbd>;
}

export function ApprovalCard({ request, tool }: { request: ApprovalRequest; tool: string }) {
  const controller = useController();
  const sessionKey = useContext(SessionKeyContext);
  const [message, setMessage] = useState('');
  const [stopTurn, setStopTurn] = useState(false);
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<Record<number, string[]>>({});
  const messageId = useId();
  const headingId = useId();
  const waiting = request.state === 'waiting';

  if (!waiting) {
    return (
      <p className={`approval-settled approval-${request.state}`} role="status">
        <VisibleText text={settledText(request)} />
      </p>
    );
  }

  const answer = async (reply: Answer) => {
    if (!sessionKey || working) return;
    setWorking(true);
    setError(null);
    try {
      await controller.desk.sessionsAnswer({ key: sessionKey, requestId: request.requestId, ...reply });
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setWorking(false);
    }
  };
  const deny = () => answer({ decision: 'deny', ...(message.trim() ? { message: message.trim() } : {}), ...(stopTurn ? { interrupt: true } : {}) });
  const questions = request.kind === 'question' ? questionsOf(request.input) : [];

  const actions: { key: string; label: string; run: () => void; primary?: boolean }[] =
    request.kind === 'plan'
      ? [
          { key: 'c', label: 'Approve and switch to Code', run: () => void answer({ decision: 'allow', mode: 'code' }), primary: true },
          { key: 'u', label: 'Approve and switch to Auto', run: () => void answer({ decision: 'allow', mode: 'auto' }) },
          { key: 'k', label: 'Keep planning', run: () => void answer({ decision: 'deny', message: message.trim() || 'Keep planning: the plan is not approved yet.' }) },
        ]
      : request.kind === 'question'
        ? [
            // One question with one choice: its options answer at once. Otherwise every question is chosen first.
            ...(oneChoice(questions)
              ? questions[0]!.options.slice(0, 9).map((option, index) => ({
                  key: String(index + 1),
                  label: option.label,
                  run: () => void answer({ decision: 'allow', answers: { [questions[0]!.question]: option.label } }),
                }))
              : questions.length > 0
                ? [{ key: 'a', label: 'Send answers', primary: true, run: () => void (questions.every((_, at) => (chosen[at] ?? []).length > 0) && answer({ decision: 'allow', answers: answersOf(questions, chosen) })) }]
                : []),
            { key: 'd', label: 'Skip the question', run: () => void answer({ decision: 'deny', message: message.trim() || 'The user chose not to answer.' }) },
          ]
        : [
            { key: 'a', label: 'Allow', run: () => void answer({ decision: 'allow' }), primary: true },
            { key: 's', label: 'Allow for this session', run: () => void answer({ decision: 'allow', remember: true }) },
            { key: 'd', label: 'Deny', run: () => void deny() },
          ];

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (isEditable(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
    const action = actions.find((candidate) => candidate.key === event.key.toLowerCase());
    if (!action) return;
    event.preventDefault();
    action.run();
  };

  return (
    <section className={`approval approval-${request.kind}`} aria-labelledby={headingId} tabIndex={0} onKeyDown={onKeyDown} data-approval={request.requestId}>
      {/* The path is Claude's text: its hidden characters show, so it cannot pass for another file. */}
      <h3 className="approval-heading" id={headingId}>
        <VisibleText text={headingOf(request, tool)} />
      </h3>
      <ApprovalSubject request={request} tool={tool} questions={questions} />
      {request.kind === 'question' && !oneChoice(questions) && <QuestionChoices questions={questions} chosen={chosen} onChange={setChosen} />}
      <div className="approval-actions">
        {actions.map((action) => (
          <button key={action.key} type="button" className={action.primary ? 'button small primary' : 'button small'} disabled={working} onClick={action.run} aria-keyshortcuts={action.key}>
            <VisibleText text={action.label} /> <Key>{action.key.toUpperCase()}</Key>
          </button>
        ))}
      </div>
      <div className="approval-message">
          <label htmlFor={messageId}>{request.kind === 'plan' ? 'Feedback for Claude (with Keep planning)' : request.kind === 'question' ? 'Tell Claude instead (with Skip, optional)' : 'Tell Claude why, or what to do instead (with Deny, optional)'}</label>
          <textarea id={messageId} rows={2} value={message} onChange={(event) => setMessage(event.target.value)} />
          {request.kind === 'tool' && (
            <label className="approval-stop">
              <input type="checkbox" checked={stopTurn} onChange={(event) => setStopTurn(event.target.checked)} /> Deny stops the turn too
            </label>
          )}
      </div>
      {error && (
        <p className="form-error" role="alert">
          Not answered: {error}
        </p>
      )}
    </section>
  );
}

function headingOf(request: ApprovalRequest, tool: string): string {
  if (request.kind === 'plan') return "Claude's plan waits for your approval";
  if (request.kind === 'question') return 'Claude asks you';
  if (tool === 'Bash') return 'Claude asks to run a command';
  if (['Edit', 'MultiEdit', 'Write', 'NotebookEdit'].includes(tool)) return `Claude asks to change ${pathOf(request.input) ?? 'a file'}`;
  return `Claude asks to use ${tool}`;
}

function pathOf(input: unknown): string | undefined {
  const value = (input as { file_path?: unknown; notebook_path?: unknown } | null) ?? {};
  const path = value.file_path ?? value.notebook_path;
  return typeof path === 'string' ? path : undefined;
}

/** What Claude wants to do, readably: the command, the file and the change, the plan, the question. */
function ApprovalSubject({ request, tool, questions }: { request: ApprovalRequest; tool: string; questions: Question[] }): ReactNode {
  const input = (request.input ?? {}) as Record<string, unknown>;
  if (request.kind === 'plan') {
    return (
      <div className="approval-plan">
        <MarkdownDocument id={`${request.requestId}:plan`} text={typeof input.plan === 'string' ? input.plan : ''} streaming={false} />
      </div>
    );
  }
  if (request.kind === 'question') {
    return questions.map((question) => (
      <div key={question.question} className="approval-question">
        <p>
          <VisibleText text={question.question} />
        </p>
        <ul>
          {question.options.map((option) => (
            <li key={option.label}>
              <strong>
                <VisibleText text={option.label} />
              </strong>
              {option.description && (
                <>
                  {' '}
                  <VisibleText text={option.description} />
                </>
              )}
            </li>
          ))}
        </ul>
      </div>
    ));
  }
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return (
    <div className="approval-subject">
      {request.reason && (
        <p className="approval-reason">
          <VisibleText text={request.reason} />
        </p>
      )}
      {tool === 'Bash' && (
        <pre className="approval-command">
          <VisibleText text={text(input.command)} />
        </pre>
      )}
      {(tool === 'Edit' || tool === 'MultiEdit') && (
        <div className="approval-change">
          <pre className="approval-old" aria-label="Removed">
            <VisibleText text={text(input.old_string)} />
          </pre>
          <pre className="approval-new" aria-label="Added">
            <VisibleText text={text(input.new_string)} />
          </pre>
        </div>
      )}
      {tool === 'Write' && (
        <pre className="approval-new" aria-label="New content">
          <VisibleText text={text(input.content).slice(0, 20_000)} />
        </pre>
      )}
      {request.blockedPath && (
        <p className="approval-path">
          Needs permission for: <code>
            <VisibleText text={request.blockedPath} />
          </code>
        </p>
      )}
    </div>
  );
}
