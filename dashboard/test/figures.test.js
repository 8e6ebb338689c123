// @ts-check
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { percent, dailyShares, missesByCause, csvName } from '../src/js/reports/figures.js';

const tally = (/** @type {(number | null)[]} */ shares) => {
  const [a, b, c, d] = shares.map(share => ({ met: 0, missed: 0, pending: 0, share }));
  return { emergencies: 0, serviceRequests: 0, reportedUpIn15Minutes: a, onSceneIn2Hours: b, answeredIn24Hours: c, resolvedIn7WorkingDays: d, satisfactionRatings: 0, satisfactionAverage: null };
};

test('a share is a percent to one decimal, and nothing decided is a dash, not 0% or 100%', () => {
  assert.equal(percent(0.875), '87.5%');
  assert.equal(percent(1), '100.0%');
  assert.equal(percent(0), '0.0%');
  assert.equal(percent(2 / 3), '66.7%');
  assert.equal(percent(null), '–');
});

test('each deadline has one value per day, with a gap where the day decided nothing', () => {
  const report = {
    region: '500105001', period: 'Week', from: '2026-09-28', to: '2026-10-04', total: tally([null, null, null, null]), misses: [],
    days: [{ date: '2026-09-28', tally: tally([0.5, 1, null, 0.3333]) }, { date: '2026-09-29', tally: tally([null, 0, 1, null]) }],
  };
  const shares = dailyShares(report);
  assert.deepEqual(shares.dates, ['2026-09-28', '2026-09-29']);
  assert.deepEqual(shares.series.map(s => s.key), ['reportedUpIn15Minutes', 'onSceneIn2Hours', 'answeredIn24Hours', 'resolvedIn7WorkingDays']);
  assert.deepEqual(shares.series.map(s => s.values), [[50, null], [100, 0], [null, 100], [33.3, null]]);
});

test('misses are counted by cause, the most first, ties in a stable order', () => {
  const miss = (/** @type {string} */ cause) => ({ incidentId: 'INC-1', street: '500105001', subtype: 'fire', reportedAt: '', deadline: 'OnScene', due: '', metAt: null, cause });
  assert.deepEqual(missesByCause([miss('ArrivedLate'), miss('NotAcknowledged'), miss('ArrivedLate'), miss('NoResponderFound')]),
    [{ cause: 'ArrivedLate', count: 2 }, { cause: 'NoResponderFound', count: 1 }, { cause: 'NotAcknowledged', count: 1 }]);
  assert.deepEqual(missesByCause([]), []);
});

test('a downloaded CSV is named by region, period and first day', () => {
  const report = { region: '500105001', period: 'Week', from: '2026-09-28', to: '2026-10-04', total: tally([null, null, null, null]), days: [], misses: [] };
  assert.equal(csvName(report, 'days'), 'compliance-500105001-week-2026-09-28.csv');
  assert.equal(csvName(report, 'misses'), 'compliance-500105001-week-2026-09-28-misses.csv');
});
