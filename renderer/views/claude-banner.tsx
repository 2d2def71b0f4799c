/** The banner for a host whose Claude cannot run: what is wrong, what to run there, and Check again. */
import { useState } from 'react';
import type { HostView } from '../../shared/desk-api.js';
import { claudeProblem } from './claude-advice.js';

export function ClaudeBanner({ host, onCheckAgain }: { host: HostView | undefined; onCheckAgain: (hostId: string) => Promise<unknown> }) {
  const [checking, setChecking] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const problem = claudeProblem(host);
  if (!host || !problem) return null;
  const check = async () => {
    setChecking(true);
    setFailure(null);
    try {
      await onCheckAgain(host.id);
    } catch (error) {
      setFailure(`Could not check: ${(error as Error).message}`);
    } finally {
      setChecking(false);
    }
  };
  return (
    <section className="banner warning claude-banner" role="alert" aria-label={`Claude on ${host.name}`}>
      <strong>{problem.headline}</strong>
      <ul>
        {problem.steps.map((step, index) => (
          <li key={index}>
            {step.text}
            {step.command && <code>{step.command}</code>}
            {step.after}
          </li>
        ))}
      </ul>
      <button type="button" className="button" onClick={() => void check()} disabled={checking}>
        {checking ? 'Checking…' : 'Check again'}
      </button>
      {failure && <span role="status"> {failure}</span>}
    </section>
  );
}
