import { rollUpAll, rollUpAny, trialStatusOf } from '../../src/domain/rollup.js';
import type { CriterionResult, CriterionStatus } from '../../src/domain/criterion.js';

describe('roll-up rules (contract §2)', () => {
  test.each<[CriterionStatus[], CriterionStatus]>([
    [['pass', 'review', 'unknown', 'fail'], 'fail'],
    [['pass', 'review', 'unknown'], 'unknown'],
    [['pass', 'review'], 'review'],
    [['pass', 'pass'], 'pass'],
  ])('all of %j → %s', (children, expected) => expect(rollUpAll(children)).toBe(expected));

  test.each<[CriterionStatus[], CriterionStatus]>([
    [['fail', 'review', 'unknown', 'pass'], 'pass'],
    [['fail', 'review', 'unknown'], 'unknown'],
    [['fail', 'review'], 'review'],
    [['fail', 'fail'], 'fail'],
  ])('any of %j → %s', (children, expected) => expect(rollUpAny(children)).toBe(expected));

  const c = (status: CriterionStatus): CriterionResult => ({ id: 'X', kind: 'inclusion', text: '', status, reason: '', evidence: [] });
  test('trial status', () => {
    expect(trialStatusOf([c('pass'), c('unknown'), c('fail')])).toBe('ineligible');
    expect(trialStatusOf([c('pass'), c('unknown'), c('review')])).toBe('possibly-eligible');
    expect(trialStatusOf([c('pass'), c('review')])).toBe('likely-eligible');
  });
});
