/** A CLI's slash commands as the daemon keeps them and the client reads them: each on its own, bounded. */
import { describe, expect, it } from 'vitest';
import { HealthResult, SLASH_COMMAND_LIMITS, slashCommands } from '../protocol.js';

const health = { ok: true, sessions: 0, sessionsByStatus: {}, uptime: 1, memory: { rss: 1, heapUsed: 1, heapTotal: 1 }, pid: 1 };

describe('slash commands', () => {
  it('keeps name, the first line of the description and the hint; drops other members', () => {
    expect(slashCommands([{ name: 'clear', description: 'Start a new session\nmore', argumentHint: '[name]', aliases: ['reset'], type: 'local' }])).toEqual([
      { name: 'clear', description: 'Start a new session', argumentHint: '[name]' },
    ]);
    expect(slashCommands([{ name: 'init', description: '', argumentHint: '' }])).toEqual([{ name: 'init' }]);
  });

  it('leaves out each entry that is not a command, and only it', () => {
    const listed = slashCommands([{ name: 'ok' }, { name: 'has space' }, { name: '' }, 'text', null, { description: 'no name' }, { name: 'x'.repeat(101) }, { name: 'fine', description: 7 }]);
    expect(listed).toEqual([{ name: 'ok' }, { name: 'fine' }]);
  });

  it('bounds the count and every text', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({ name: `c${i}`, description: 'd'.repeat(5000), argumentHint: 'h'.repeat(5000) }));
    const listed = slashCommands(many);
    expect(listed).toHaveLength(SLASH_COMMAND_LIMITS.count);
    expect(listed[0]!.description).toHaveLength(SLASH_COMMAND_LIMITS.description);
    expect(listed[0]!.description!.endsWith('…')).toBe(true);
    expect(listed[0]!.argumentHint).toHaveLength(SLASH_COMMAND_LIMITS.argumentHint);
  });

  it('health.check: commands read leniently, and absent stays absent', () => {
    expect(HealthResult.parse(health).commands).toBeUndefined();
    expect(HealthResult.parse({ ...health, commands: 'nope' }).commands).toBeUndefined();
    expect(HealthResult.parse({ ...health, commands: [{ name: 'compact', argumentHint: '<text>' }, 42] }).commands).toEqual([{ name: 'compact', argumentHint: '<text>' }]);
  });
});
