/** The health charts: memory, sessions by status and queue depth over the last hour (Recharts). */
import { memo } from 'react';
import { Area, AreaChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HealthSample } from '../../shared/desk-api.js';
import { formatClock, formatMegabytes } from '../lib/format.js';

const STATUS_COLOURS: Record<string, string> = { idle: 'var(--chart-2)', busy: 'var(--chart-1)', error: 'var(--chart-err)' };

function ChartFrame({ title, samples, children }: { title: string; samples: number; children: React.ReactElement }) {
  return (
    <figure className="chart" aria-label={`${title}: ${samples} samples`} data-samples={samples}>
      <figcaption>
        {title} <span className="muted">({samples} {samples === 1 ? 'sample' : 'samples'})</span>
      </figcaption>
      {samples < 2 ? (
        <p className="chart-empty">Collecting samples: one every few seconds while the host is connected.</p>
      ) : (
        <ResponsiveContainer width="100%" height={190}>
          {children}
        </ResponsiveContainer>
      )}
    </figure>
  );
}

const axis = { stroke: 'var(--muted)', fontSize: 11 };
const timeAxis = <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={formatClock} {...axis} />;
const tooltipStyle = { contentStyle: { background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)' }, labelFormatter: (t: unknown) => formatClock(Number(t)) };

/** Drawn again only when its samples change: a busy session elsewhere re-renders the view around it many times a second. */
export const HealthCharts = memo(function HealthCharts({ samples }: { samples: readonly HealthSample[] }) {
  const data = samples.map((sample) => ({ ...sample, ...sample.sessionsByStatus }));
  const statuses = [...new Set(samples.flatMap((sample) => Object.keys(sample.sessionsByStatus)))].sort();
  return (
    <div className="charts">
      <ChartFrame title="Memory" samples={samples.length}>
        <LineChart data={data}>
          <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
          {timeAxis}
          <YAxis tickFormatter={(value: number) => formatMegabytes(value)} width={64} {...axis} />
          <Tooltip {...tooltipStyle} formatter={(value) => formatMegabytes(Number(value))} />
          <Legend />
          <Line type="monotone" dataKey="rss" name="RSS" stroke="var(--chart-1)" dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="heapUsed" name="Heap used" stroke="var(--chart-2)" dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="heapTotal" name="Heap total" stroke="var(--chart-3)" dot={false} isAnimationActive={false} strokeDasharray="4 3" />
        </LineChart>
      </ChartFrame>
      <ChartFrame title="Sessions by status" samples={samples.length}>
        <AreaChart data={data}>
          <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
          {timeAxis}
          <YAxis allowDecimals={false} width={40} {...axis} />
          <Tooltip {...tooltipStyle} />
          <Legend />
          {statuses.map((status) => (
            <Area key={status} type="stepAfter" dataKey={status} name={status} stackId="status" stroke={STATUS_COLOURS[status] ?? 'var(--chart-3)'} fill={STATUS_COLOURS[status] ?? 'var(--chart-3)'} fillOpacity={0.35} isAnimationActive={false} />
          ))}
        </AreaChart>
      </ChartFrame>
      <ChartFrame title="Queue depth" samples={samples.length}>
        <LineChart data={data}>
          <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
          {timeAxis}
          <YAxis allowDecimals={false} width={40} {...axis} />
          <Tooltip {...tooltipStyle} />
          <Legend />
          <Line type="stepAfter" dataKey="userPending" name="Pending user messages" stroke="var(--chart-1)" dot={false} isAnimationActive={false} />
          <Line type="stepAfter" dataKey="responsePending" name="Buffered responses" stroke="var(--chart-3)" dot={false} isAnimationActive={false} />
        </LineChart>
      </ChartFrame>
    </div>
  );
});
