import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { Page } from 'playwright-core';
import { ExportOptions, LabelEvent, readLabelEvents } from '../../src/core';
import type { PlanView } from '../../src/protocol/messages';
import { BIN } from '../helpers/cli';
import { addRecords, rec } from '../helpers/records';
import { HostStandIn, useWebviewPage } from './webviewHarness';

/** Three sessions, each a prompt and two scored answers (a* the higher reward). */
function records() {
  return ['1', '2', '3'].flatMap((n, i) => [
    rec(`q${n}`, 'user', `Question ${n}?`, i * 10, { session_id: `s${n}` }),
    rec(`a${n}`, 'assistant', `A good answer to ${n}.`, i * 10 + 1, { session_id: `s${n}`, metadata: { reward: 0.9 } }),
    rec(`b${n}`, 'assistant', `A poor answer to ${n}.`, i * 10 + 2, { session_id: `s${n}`, metadata: { reward: 0.1 } }),
  ]);
}

const OPTIONS: ExportOptions = { task: 'preference', groupBy: 'session_id' };
const TEXT: Record<string, string> = Object.fromEntries(records().map((r) => [r.id, r.text_payload ?? '']));

describe('review mode (Chromium, keys only)', function () {
  this.timeout(120_000);
  const suite = useWebviewPage('preview', (dir) => addRecords(dir, records()));
  let page: Page;
  let host: HostStandIn;
  let labels: string;
  let run = 0;

  beforeEach(async () => {
    // A fresh page opened on the Review tab, and a fresh labels dataset per test.
    suite.host.dispose();
    await suite.page.close();
    page = await suite.browser.newPage({ viewport: { width: 1200, height: 900 } });
    host = new HostStandIn(page, { location: suite.store });
    labels = path.join(suite.dir, `review-${++run}`, 'labels.lance');
    host.reviewLabels = labels;
    await host.open(`${suite.url}/preview.html`, { options: OPTIONS, tab: 'review', groupPage: 0, groupQuery: '', formOpen: false, scrollY: 0 });
    await host.recount(() => host.initPreview({ options: OPTIONS }));
    await page.waitForFunction(() => !!document.getElementById('review-item')?.dataset.key);
  });
  afterEach(async () => {
    host.dispose();
    await page.close();
  });

  const item = async () => ({
    key: (await page.locator('#review-item').getAttribute('data-key'))!,
    shown: JSON.parse((await page.locator('#review-item').getAttribute('data-shown-order'))!) as string[],
  });

  /** Waits for commit `version` to show "saved" and for the recount with the labels at that version. */
  async function saved(version: number): Promise<PlanView> {
    await page.waitForFunction((v) => document.getElementById('review-save')?.textContent === `saved · labels v${v}`, version);
    await host.until(
      () => host.requests.some((r) => r.method === 'preview/plan' && (r.params as { options: ExportOptions }).options.labelsVersion === version),
      `a recount with labels v${version}`,
    );
    await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'ready' && !document.getElementById('funnel')?.classList.contains('stale'));
    await page.waitForFunction(() => document.activeElement?.id === 'review-item');
    return host.plans[host.plans.length - 1];
  }

  const events = async (): Promise<LabelEvent[]> => (await readLabelEvents(labels)).events;
  const pairOf = (plan: PlanView, group: string) => plan.output.examples.find((e) => e.group === group)!.example as { chosen: { content: string }[]; rejected: { content: string }[] };

  it('a pick writes chosen/rejected with the blind order in shown_order; picking the other side swaps the pair', async () => {
    const first = await item();
    assert.deepEqual([...first.shown].sort(), ['a1', 'b1']);
    await page.keyboard.press('1');
    let plan = await saved(1);
    let rows = await events();
    assert.deepEqual(rows.map((e) => [e.action, e.label, e.record_ids[0], e.reviewer]), [
      ['label', 'chosen', first.shown[0], 'tester'],
      ['label', 'rejected', first.shown[1], 'tester'],
    ]);
    assert.deepEqual(rows[0].shown_order, first.shown, 'the order on screen is stored');
    assert.ok((rows[0].duration_ms ?? -1) >= 0);
    assert.equal(pairOf(plan, 's1').chosen[0].content, TEXT[first.shown[0]]);
    assert.equal((await item()).key, 'a2\u0000b2', 'the queue moved on');
    // The decided item left the "unreviewed" queue: go back to it under "all".
    await page.keyboard.press('f');
    await page.keyboard.press('f');
    assert.equal(await page.locator('#review-filter').inputValue(), 'all');
    await page.keyboard.press('k');
    assert.equal((await item()).key, first.key);
    await page.keyboard.press('2');
    plan = await saved(2);
    rows = await events();
    assert.deepEqual(rows.slice(2).map((e) => [e.label, e.record_ids[0]]), [['chosen', first.shown[1]], ['rejected', first.shown[0]]]);
    assert.equal(pairOf(plan, 's1').chosen[0].content, TEXT[first.shown[1]], 'the recount shows the swap');
    assert.match(await page.locator('#review-progress').innerText(), /^1 of 3 reviewed/);
    // The summary shows what `labels show` reports for the same dataset.
    const shown = JSON.parse(execFileSync(BIN, ['labels', 'show', labels, '--json'], { encoding: 'utf8' }));
    const rate = shown.first_shown_pick_rate.tester;
    assert.equal(await page.locator('#review-summary [data-field="first-shown"]').innerText(), `tester ${(rate.rate * 100).toFixed(1)}% (${rate.first_shown}/${rate.picks})`);
    assert.equal(await page.locator('#review-summary [data-field="version"]').innerText(), String(shown.version));
    // The exact line the decided example now produces, one key away (the queue has moved on).
    await page.keyboard.press('L');
    await page.locator('.training-line').first().waitFor();
    assert.deepEqual(JSON.parse((await page.locator('.training-line').first().textContent())!), plan.output.examples.find((e) => e.group === 's1')!.example);
    await page.keyboard.press('?');
    assert.match(await page.locator('#review-keys').innerText(), /undo/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'review-item', 'focus never left the item');
  });

  it('a tie and a discard take a reason from the picker, which remembers it; the recount drops them', async () => {
    const before = host.plans[host.plans.length - 1].output.counts.examples;
    await page.keyboard.press('t');
    await page.keyboard.type('both fine');
    await page.keyboard.press('Enter');
    let plan = await saved(1);
    assert.equal(plan.output.counts.examples, before - 1, 'the tied pair is dropped');
    await page.keyboard.press('d');
    await page.keyboard.type('off topic');
    await page.keyboard.press('Enter');
    plan = await saved(2);
    assert.equal(plan.excluded.review?.total, 2, 'both records of the discarded pair leave in the review stage');
    await page.keyboard.press('d');
    assert.match(await page.locator('.reason-list').innerText(), /off topic/);
    await page.keyboard.press('1');
    await saved(3);
    const rows = await events();
    assert.deepEqual(rows.map((e) => [e.action, e.reason, [...e.record_ids].sort().join(' ')]), [
      ['tie', 'both fine', 'a1 b1'],
      ['discard', 'off topic', 'a2 b2'],
      ['discard', 'off topic', 'a3 b3'],
    ]);
    assert.match(await page.locator('#review-summary [data-field="per-action"]').innerText(), /discard 2, tie 1/);
  });

  it('an edit in place shows its diff and rewrites the line; undo retracts it and redo writes it again', async () => {
    const { shown } = await item();
    await page.keyboard.press('e');
    await page.waitForFunction(() => document.activeElement?.id === 'review-edit');
    await page.keyboard.press('End');
    await page.keyboard.type(' Edited.');
    assert.match(await page.locator('.edit-diff ins').innerText(), /Edited\./);
    await page.keyboard.press('Control+Enter');
    let plan = await saved(1);
    const edited = `${TEXT[shown[0]]} Edited.`;
    const side = shown[0].startsWith('a') ? 'chosen' : 'rejected';
    assert.equal(pairOf(plan, 's1')[side][0].content, edited);
    let rows = await events();
    assert.deepEqual(rows.map((e) => [e.action, e.record_ids, e.text]), [['edit', [shown[0]], edited]]);
    await page.keyboard.press('u');
    plan = await saved(2);
    rows = await events();
    assert.deepEqual([rows[1].action, rows[1].retracts], ['retract', rows[0].event_id]);
    assert.equal(pairOf(plan, 's1')[side][0].content, TEXT[shown[0]], 'undo restores the original');
    await page.keyboard.press('U');
    plan = await saved(3);
    rows = await events();
    assert.deepEqual([rows[2].action, rows[2].text], ['edit', edited]);
    assert.notEqual(rows[2].event_id, rows[0].event_id, 'redo writes a new event');
    assert.equal(pairOf(plan, 's1')[side][0].content, edited);
  });

  it('keeps focus on the item when the host re-sends the store mid-review (the panel is laid out again); Enter accepts', async () => {
    await page.keyboard.press('1');
    await saved(1);
    // Keys pressed while the recount the layout started is still running must reach the item.
    await host.initPreview({ options: OPTIONS });
    await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'counting');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'review-item');
    await page.keyboard.press('Enter');
    await saved(2);
    assert.match(await page.locator('#review-progress').innerText(), /^2 of 3 reviewed/);
    assert.deepEqual((await events()).slice(2).map((e) => [e.action, [...e.record_ids].sort().join(' ')]), [['accept', 'a2 b2']], 'Enter accepts the item as it is');
  });

  it('the "disagrees with the reward" filter holds exactly the items whose pick inverts the logged rewards', async () => {
    // Item 1: pick the poor answer (reward 0.1); item 2: pick the good one.
    for (const [n, want] of [[1, 'b1'], [2, 'a2']] as const) {
      const { shown } = await item();
      await page.keyboard.press(shown[0] === want ? '1' : '2');
      await saved(n);
    }
    for (let i = 0; i < 3; i++) await page.keyboard.press('f');
    assert.equal(await page.locator('#review-filter').inputValue(), 'disagrees-reward');
    assert.match(await page.locator('#review-position').innerText(), /^1 in this queue/);
    assert.equal((await item()).key, 'a1\u0000b1');
    assert.match(await page.locator('.review-revealed').innerText(), /disagrees with the reward/);
  });
});
