// @ts-check
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nameIn } from '../src/js/i18n.js';

/** The codes the API returns and the pages show (grains/: TimelineKind, actors, skills, roles, AlertKinds, categories). */
const CODES = {
  timeline: ['Reported', 'ReportedUp', 'Acknowledged', 'Dispatched', 'Accepted', 'EnRoute', 'OnScene', 'Resolved', 'Closed', 'Cancelled',
    'Escalated', 'Released', 'SuppliesIssued', 'DeadlineMissed', 'FollowUpDispatched'],
  actors: ['system', 'dispatch', 'watch'],
  skills: ['first-aid', 'elderly-care', 'flood-rescue', 'firefighting', 'psychological-support', 'electrician', 'driver'],
  roles: ['GridWorker', 'Volunteer', 'SocialWorker', 'PropertyStaff', 'operator', 'grid-worker', 'street-office', 'admin'],
  statuses: ['Dispatched', 'Accepted', 'EnRoute', 'OnScene', 'Done', 'Released', 'OffDuty', 'Available', 'Assigned'],
  stages: ['Reported', 'Dispatched', 'Accepted', 'EnRoute', 'OnScene', 'Resolved', 'Closed', 'Cancelled', 'Escalated'],
  severities: ['General', 'Serious', 'Major', 'Critical'],
  subtypes: ['flood', 'landslide', 'fire', 'utility-outage', 'elderly-fall', 'elderly-illness', 'heat-illness', 'person-missing', 'dispute',
    'welfare-check', 'meal-delivery'],
  alerts: ['not-reported-up', 'no-responder', 'deadline-at-risk', 'deadline-breached', 'supplies-short', 'not-acknowledged',
    'stock-below-minimum', 'stock-expiring', 'stock-expired', 'meals-over-capacity', 'coverage-low', 'weekly-digest'],
  categories: ['1010101', '1010201', '1020101', '1020201', '1020301', '1030101', '1040101', '1040201', '1040301', '1040401', '2010101',
    '2010201', '2020101', '2030101', '2040101', '2050101', '2060101', '3010101', '3020101', '3030101'],
};

const latin = /[A-Za-z]/;

for (const [group, codes] of Object.entries(CODES)) {
  test(`every ${group} code reads in Chinese, with no Latin letter left`, () => {
    for (const code of codes) {
      const zh = nameIn('zh', code);
      assert.notEqual(zh, code, `${code} has no Chinese name`);
      assert.ok(!latin.test(zh), `${code} → ${zh}`);
    }
  });
}

test('in English the codes read as words, not as camel case or hyphenated codes', () => {
  for (const code of [...CODES.timeline, ...CODES.skills, ...CODES.roles, ...CODES.statuses, ...CODES.alerts, ...CODES.categories]) {
    const en = nameIn('en', code);
    assert.ok(!/[a-z][A-Z]|^[a-z]+-[a-z]/.test(en) && !/^\d+$/.test(en), `${code} → ${en}`);
  }
  assert.equal(nameIn('en', 'ReportedUp'), 'Reported up');
  assert.equal(nameIn('en', 'first-aid'), 'First aid');
  assert.equal(nameIn('en', '1040101'), 'First-aid kits');
});

test('a code it does not know shows as it is: user names, responder ids and new codes', () => {
  assert.equal(nameIn('zh', 'resp-0012'), 'resp-0012');
  assert.equal(nameIn('zh', 'op-yuzhong'), 'op-yuzhong');
  assert.equal(nameIn('en', 'some-new-kind'), 'some-new-kind');
  assert.equal(nameIn('zh', 'toString'), 'toString'); // not the object's own methods
  assert.equal(nameIn('zh', null), '');
});

test('the same code reads the same in every panel: the drawer, the feed and the phone share one table', () => {
  assert.equal(nameIn('zh', 'Escalated'), '已升级');
  assert.equal(nameIn('zh', 'dispatch'), '调度');
  assert.equal(nameIn('zh', 'first-aid'), '急救');
  assert.equal(nameIn('zh', 'GridWorker'), '网格员');
});
