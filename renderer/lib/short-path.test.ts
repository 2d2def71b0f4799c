import { describe, expect, it } from 'vitest';
import { shortenPath } from './short-path.js';

describe('shortenPath', () => {
  it('leaves a path that fits as it is', () => {
    expect(shortenPath('/home/dev/project', 40)).toBe('/home/dev/project');
  });

  it('drops whole folders from the middle, keeping the start and the end', () => {
    expect(shortenPath('/home/dev/clients/acme/project/src', 23)).toBe('/home/dev/…/project/src');
    expect(shortenPath('/home/dev/clients/acme/project/src', 29)).toBe('/home/dev/…/acme/project/src');
  });

  it('gives the end the first turn when only one more folder fits', () => {
    expect(shortenPath('/home/dev/clients/acme/project/src', 24)).toBe('/home/…/acme/project/src');
  });

  it('never returns more characters than asked for, and always keeps the last folder', () => {
    const path = '/srv/builds/nightly/2024/artifacts/linux-x64/release/output';
    for (let max = 12; max < path.length; max++) {
      const short = shortenPath(path, max);
      expect(short.length).toBeLessThanOrEqual(max);
      expect(short.endsWith('output')).toBe(true);
      expect(short).toContain('…');
    }
  });

  it('keeps the end of a last folder that alone is too long', () => {
    expect(shortenPath('/work/a-folder-with-a-very-long-name-indeed', 20)).toBe('…ry-long-name-indeed');
  });

  it('keeps a home or drive root and Windows separators', () => {
    expect(shortenPath('~/code/clients/acme/api', 16)).toBe('~/…/acme/api');
    expect(shortenPath('C:\\Users\\dev\\code\\acme\\api', 18)).toBe('C:\\…\\code\\acme\\api');
  });
});
