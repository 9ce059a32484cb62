import { jest } from '@jest/globals';
import { failureOf } from '../../bench/hook-bench.js';
import { failedRow, isFailed, measure } from '../../bench/measure.js';

describe('bench reporting of failed measurements', () => {
  it('keeps a failed measurement as failed, with its error, and prints no figures for it', async () => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const m = await measure('lupus chart, 200 resources', () => Promise.reject(new Error('engine did not load')));
      expect(isFailed(m)).toBe(true);
      expect(m).toEqual({ label: 'lupus chart, 200 resources', failed: 'engine did not load' });
      if (!isFailed(m)) throw new Error('unreachable');
      const line = failedRow(m, 4);
      expect(line).toBe('| lupus chart, 200 resources | **failed**: engine did not load | — | — |');
      expect(line).not.toMatch(/\b0(\.0+)?\b/);
      expect(await measure('ok', async () => 3)).toBe(3);
    } finally {
      write.mockRestore();
    }
  });

  it('counts a hook run with failed or non-2xx answers as failed, not as latency', () => {
    expect(failureOf({ requests: { total: 0 }, non2xx: 0, errors: 0, timeouts: 0 })).toBe('no request was answered');
    expect(failureOf({ requests: { total: 40 }, non2xx: 40, errors: 0, timeouts: 0 })).toBe('40 of 40 answers were not 2xx');
    expect(failureOf({ requests: { total: 40 }, non2xx: 0, errors: 3, timeouts: 3 })).toBe('3 requests failed (3 timeouts)');
    expect(failureOf({ requests: { total: 40 }, non2xx: 0, errors: 0, timeouts: 0 })).toBeUndefined();
  });
});
