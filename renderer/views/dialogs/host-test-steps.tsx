/** The steps of a connection test, one line each with its state and what it found or what to change. */
import type { ReactNode } from 'react';
import type { HostTestStep, HostTestView } from '../../../shared/desk-api.js';
import { VisibleText } from '../transcript/visible-text.js';

const STATE_WORD: Record<HostTestStep['state'], string> = { pending: 'Waiting', running: 'Running…', ok: 'OK', failed: 'Failed' };
const STATE_MARK: Record<HostTestStep['state'], string> = { pending: '○', running: '◌', ok: '✓', failed: '✕' };

/** `actionFor` renders what the user can do about a failed step (review the key, install the daemon, ...). */
export function HostTestSteps({ test, actionFor }: { test: HostTestView; actionFor: (step: HostTestStep) => ReactNode }) {
  return (
    <ol className="test-steps" aria-label="Connection test" aria-live="polite">
      {test.steps.map((step) => {
        // A step the test never reached once it ended was not tested.
        const word = step.state === 'pending' && test.done ? 'Not tested' : STATE_WORD[step.state];
        return (
          <li key={step.step} className={`test-step test-${step.state}`} aria-label={step.label}>
            <span className="test-mark" aria-hidden="true">
              {STATE_MARK[step.state]}
            </span>
            <span className="test-label">{step.label}</span>
            <span className="test-state">
              {word}
            </span>
            {step.detail && (
              <p className="test-detail">
                <VisibleText text={step.detail} />
              </p>
            )}
            {step.state === 'failed' && <div className="test-action">{actionFor(step)}</div>}
          </li>
        );
      })}
    </ol>
  );
}
