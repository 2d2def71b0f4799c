import { describe, expect, it } from 'vitest';
import { isOlderVersion } from './bootstrap.js';

describe('isOlderVersion', () => {
  it.each([
    [undefined, '0.1.0', true],
    ['', '0.1.0', true],
    ['0.0.9', '0.1.0', true],
    ['v0.0.9', '0.1.0', true],
    ['v0.1.0', '0.1.0', false],
    ['0.1.0', 'v0.1.0', false],
    ['0.1', '0.1.0', false],
    ['0.2.0', '0.1.0', false],
    ['0.10.0', '0.9.0', false],
    ['0.9.0', '0.10.0', true],
    ['1.0.0-dev', '1.0.0', false],
    ['not a version', '0.1.0', true],
  ])('%j running, %j shipped: older is %j', (running, shipped, older) => {
    expect(isOlderVersion(running, shipped)).toBe(older);
  });
});
