/** A host's health over the last hour, for the dashboard's charts: one sample per poll. */
import type { HealthSample } from '../../shared/desk-api.js';
import type { HealthResult, MonitorResult } from '../../shared/protocol.js';

const HOUR = 60 * 60 * 1000;

export class HealthSeries {
  private samples: HealthSample[] = [];

  add(health: HealthResult, monitor: MonitorResult | null, at: number): HealthSample {
    const queues = monitor?.sessions.map((session) => session.queue) ?? [];
    const sample: HealthSample = {
      t: at,
      rss: health.memory.rss,
      heapUsed: health.memory.heapUsed,
      heapTotal: health.memory.heapTotal,
      sessionsByStatus: { ...health.sessionsByStatus },
      userPending: queues.reduce((sum, queue) => sum + queue.userPending, 0),
      responsePending: queues.reduce((sum, queue) => sum + queue.responsePending, 0),
    };
    this.samples.push(sample);
    const cutoff = at - HOUR;
    if (this.samples[0]!.t < cutoff) this.samples = this.samples.filter((s) => s.t >= cutoff);
    return sample;
  }

  all(): HealthSample[] {
    return [...this.samples];
  }
}
