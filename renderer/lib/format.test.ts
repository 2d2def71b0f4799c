/** Figures in fixed precision: a turn's cost, its duration, and the live status's seconds. */
import { describe, expect, it } from 'vitest';
import { formatCost, formatDuration, formatElapsed } from './format.js';

describe('figures', () => {
  it('cost: four decimals under a dollar, two from a dollar up', () => {
    expect([0, 0.00936, 0.017505, 0.5, 0.99994, 1, 12.345].map(formatCost)).toEqual(['$0.0000', '$0.0094', '$0.0175', '$0.5000', '$0.9999', '$1.00', '$12.35']);
  });

  it('durations: one decimal under a minute, then minutes and seconds', () => {
    expect([40, 120, 2400, 12_000, 59_940, 59_960, 65_400, 3_600_000 * 3 + 60_000].map(formatDuration)).toEqual(['<0.1 s', '0.1 s', '2.4 s', '12.0 s', '59.9 s', '1 min 0 s', '1 min 5 s', '3 h 1 min']);
  });

  it('elapsed time in whole seconds', () => {
    expect([0, 999, 4_200, 65_000, 3_725_000].map(formatElapsed)).toEqual(['0 s', '0 s', '4 s', '1 min 05 s', '1 h 02 min']);
  });
});
