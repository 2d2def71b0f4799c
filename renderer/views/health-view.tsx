/** The health dashboard of one host: what `health.check` says now, charts over the last hour, the monitor table. */
import { useEffect, useState } from 'react';
import type { HealthSample } from '../../shared/desk-api.js';
import { errorMessage } from '../api.js';
import { formatDuration, formatMegabytes } from '../lib/format.js';
import { useAppState, useController } from '../state/hooks.js';
import { navigate } from '../state/route.js';
import { Card } from './card.js';
import { HealthCharts } from './health-charts.js';
import { HostBadge } from './host-badge.js';
import { ClaudeSection } from './host-claude-section.js';

const NO_SAMPLES: readonly HealthSample[] = [];

export function HealthScreen({ hostId }: { hostId: string }) {
  const controller = useController();
  const host = useAppState((state) => state.hosts.get(hostId));
  const samples = useAppState((state) => state.health.get(hostId));
  const current = useAppState((state) => state.healthNow.get(hostId));
  const sessions = useAppState((state) => state.sessions);
  const [error, setError] = useState<string | null>(null);
  const connected = host?.link.status === 'connected';

  // Read once when the view opens (or the host connects); later figures are pushed.
  useEffect(() => {
    let live = true;
    Promise.all([controller.desk.healthCurrent({ hostId }), controller.desk.healthSeries({ hostId })]).then(
      ([now, series]) => {
        if (!live) return;
        controller.store.setHealth(hostId, series, now);
        setError(null);
      },
      (failure: unknown) => live && setError(errorMessage(failure)),
    );
    return () => {
      live = false;
    };
  }, [controller, hostId, connected]);

  if (!host) {
    return (
      <main className="empty">
        <h1>Health</h1>
        <p>This host is not configured any more.</p>
        <button type="button" className="button" onClick={() => navigate({ view: 'board' })}>
          Back to the board
        </button>
      </main>
    );
  }

  const health = current?.health ?? null;
  const monitor = current?.monitor ?? null;
  const nameOf = (sessionId: string) => sessions.get(`${hostId}/${sessionId}`)?.name ?? sessionId;
  return (
    <main className="health" aria-label={`Health of ${host.name}`}>
      <header className="view-header">
        <div>
          <h1>Health</h1>
          <p className="subtitle">
            {host.name} <HostBadge link={host.link} />
          </p>
        </div>
      </header>
      {error && (
        <p className="banner error" role="alert">
          Could not read the health of {host.name}: {error}
        </p>
      )}
      {!health ? (
        <p className="empty">{connected ? 'Reading health.check…' : `${host.name} is not connected; the figures appear once it is.`}</p>
      ) : (
        <section className="cards" aria-label="Current figures">
          <Card label="Uptime">{formatDuration(health.uptime * 1000)}</Card>
          <Card label="Daemon version">{health.version ?? 'unknown (Part 1 daemon)'}</Card>
          <Card label="PID">{health.pid}</Card>
          <Card label="Memory (RSS)">{formatMegabytes(health.memory.rss)}</Card>
          <Card label="Heap used / total">
            {formatMegabytes(health.memory.heapUsed)} / {formatMegabytes(health.memory.heapTotal)}
          </Card>
          <Card label="Sessions by status">
            {Object.entries(health.sessionsByStatus).length === 0
              ? 'none'
              : Object.entries(health.sessionsByStatus)
                  .map(([status, count]) => `${count} ${status}`)
                  .join(', ')}
          </Card>
        </section>
      )}
      <ClaudeSection host={host} />
      <h2>Over the last hour</h2>
      <HealthCharts samples={samples ?? NO_SAMPLES} />
      <h2>Queues per session</h2>
      {!monitor ? (
        <p className="empty">{health ? 'This daemon does not answer monitor.sessions.' : 'No figures yet.'}</p>
      ) : monitor.sessions.length === 0 ? (
        <p className="empty">No sessions on {host.name}.</p>
      ) : (
        <table className="monitor-table" aria-label="Sessions on this daemon">
          <thead>
            <tr>
              <th scope="col">Session</th>
              <th scope="col">Status</th>
              <th scope="col">Pending user messages</th>
              <th scope="col">Buffered responses</th>
              <th scope="col">Client connected</th>
            </tr>
          </thead>
          <tbody>
            {monitor.sessions.map((session) => (
              <tr key={session.sessionId}>
                <td>{nameOf(session.sessionId)}</td>
                <td>{session.status}</td>
                <td>{session.queue.userPending}</td>
                <td>{session.queue.responsePending}</td>
                <td>{session.queue.clientConnected ? 'yes' : 'no'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
