/** "Claude on <host>" in the health view: what the daemon found of Claude there, and what to do when it cannot run. */
import { useState } from 'react';
import { Card } from './card.js';
import type { HostView } from '../../shared/desk-api.js';
import { errorMessage } from '../api.js';
import { formatAgo } from '../lib/format.js';
import { useNow } from '../lib/use-now.js';
import { useController } from '../state/hooks.js';
import { ClaudeBanner } from './claude-banner.js';
import { claudeProblem } from './claude-advice.js';
import { claudeLogin } from './host-claude.js';
import { VisibleText } from './transcript/visible-text.js';

export function ClaudeSection({ host }: { host: HostView }) {
  const controller = useController();
  const now = useNow(10_000);
  const [checking, setChecking] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const claude = host.claude;
  const checkAgain = (hostId: string) => controller.desk.hostsCheckClaude({ hostId });
  const check = async () => {
    setChecking(true);
    setFailure(null);
    try {
      await checkAgain(host.id);
    } catch (error) {
      setFailure(`Could not check Claude on ${host.name}: ${errorMessage(error)}`);
    } finally {
      setChecking(false);
    }
  };
  const problem = claudeProblem(host);

  return (
    <section className="claude-section" aria-label={`Claude on ${host.name}`}>
      <h2>Claude on {host.name}</h2>
      {!claude ? (
        <p className="empty">
          {host.link.status === 'connected' ? `${host.name}'s daemon does not report Claude's state (an older daemon).` : `Known once ${host.name} is connected.`}
        </p>
      ) : (
        <>
          <ClaudeBanner host={host} onCheckAgain={checkAgain} />
          <div className="cards">
            <Card label="Version">
              {claude.found ? <VisibleText text={claude.version ? `version ${claude.version}` : 'found (version not reported)'} /> : 'not installed'}
            </Card>
            <Card label="Command">
              <code>
                <VisibleText text={claude.command} />
              </code>
            </Card>
            <Card label="Login">
              <VisibleText text={claudeLogin(claude)} />
            </Card>
            <Card label="Runs as root">{claude.runningAsRoot ? 'yes (Switchyard allows each tool call itself)' : 'no'}</Card>
            <Card label="Last checked">{claude.checkedAt ? formatAgo(claude.checkedAt, now) : 'not said'}</Card>
          </div>
          {claude.error && (
            <p className="hint">
              What the check said: <VisibleText text={claude.error} />
            </p>
          )}
          {!problem && (
            <p>
              <button type="button" className="button small" onClick={() => void check()} disabled={checking || host.link.status !== 'connected'}>
                {checking ? 'Checking…' : 'Check again'}
              </button>
              {failure && <span role="alert"> {failure}</span>}
            </p>
          )}
        </>
      )}
    </section>
  );
}
