import { strict as assert } from 'node:assert';
import { Page } from 'playwright-core';
import { ContextRecord } from '../../src/core';
import { GROUP_DEDUP_OPTIONS, groupDedupRecords, inSession, words } from '../helpers/groupDedupStore';
import { addRecords, rec } from '../helpers/records';
import { HostStandIn, useWebviewPage } from './webviewHarness';

/** Words that would run code or become elements if the diff ever treated record text as markup. */
const MARKUP = '<img src=x onerror="window.__xss=true"> <b>bold</b>';
const INJECTED = '<script>window.__xss=true</script>';
const marked = Array.from({ length: 30 }, (_, i) => `m${i}`).join(' ');
/** Long enough that the word diff's table would pass its limit (700 × 700 words). */
const long = (changed: string) => Array.from({ length: 700 }, (_, i) => (i === 350 ? changed : `l${i}`)).join(' ');

function extraGroups(): ContextRecord[] {
  return [
    rec('h1', 'user', `${MARKUP} ${marked}`, 20, inSession('h-kept')),
    rec('h2', 'user', `${MARKUP} ${marked} ${INJECTED}`, 21, inSession('h-removed')),
    rec('l1', 'user', long('l350'), 30, inSession('long-kept')),
    rec('l2', 'user', long('other'), 31, inSession('long-removed')),
  ];
}

describe('group-mode word diff in the Excluded tab (Chromium)', function () {
  this.timeout(120_000);
  const suite = useWebviewPage('preview', (dir) => addRecords(dir, [...groupDedupRecords(), ...extraGroups()]));
  let page: Page;
  let host: HostStandIn;
  beforeEach(() => {
    ({ page, host } = suite);
  });

  const groupTextRequests = () => host.requests.filter((r) => r.method === 'preview/groupText').map((r) => r.params as { options: object; stage: string; key: string });
  const asked = () => groupTextRequests().map((p) => `${p.stage} ${p.key}`);
  const plannedOptions = () => (host.requests.filter((r) => r.method === 'preview/plan').pop()!.params as { options: object }).options;

  it('diffs a removed conversation against the kept one, as the MinHash stage compared them', async () => {
    await host.recount(() => host.initPreview({ options: GROUP_DEDUP_OPTIONS }));
    await page.locator('#tab-excluded').click();
    const cluster = page.locator('#excluded-text_minhash .cluster[data-kept="g1"]');
    assert.equal(await cluster.locator('h4').textContent(), 'kept group g1 · 2 removed as its duplicates');
    assert.equal(await cluster.locator('.kept-link').count(), 0, 'a group key is not offered as a record to open');
    const item = cluster.locator('.excluded-item[data-id="r1"]');
    assert.match(await item.locator('.reason').innerText(), /^near-duplicate text of g1, Jaccard 0\.836$/);

    await item.locator('.diff-link').click();
    await item.locator('.word-diff').waitFor();
    // g2 changed one word of g1 and split its records elsewhere: the joined texts differ in that word only.
    assert.deepEqual(await item.locator('.word-diff del').allInnerTexts(), ['word5']);
    assert.deepEqual(await item.locator('.word-diff ins').allInnerTexts(), ['changed']);
    assert.equal((await item.locator('.word-diff .diff-same').allInnerTexts()).join(' '), `${words(0, 5)} ${words(6, 60)}`);
    assert.equal(await item.locator('.diff-caption').innerText(), 'group g2 (2 records) against kept group g1 (3 records), texts joined in (created_at, id) order');
    // The kept group's text also heads its cluster (fetched when the cluster came into view): one request serves both.
    assert.ok(asked().includes('text_minhash g1') && asked().includes('text_minhash g2'), 'the two groups\' texts were fetched from the host');
    assert.equal(new Set(asked()).size, asked().length, 'each group text is asked for once');
    for (const params of groupTextRequests()) assert.deepEqual(params.options, plannedOptions(), 'asked under the options the clusters were counted with');

    // The other record of the removed group shows the same diff without asking again.
    const other = cluster.locator('.excluded-item[data-id="r2"]');
    await other.locator('.diff-link').click();
    await other.locator('.word-diff').waitFor();
    assert.deepEqual(await other.locator('.word-diff ins').allInnerTexts(), ['changed']);
    assert.equal(asked().filter((key) => key === 'text_minhash g2').length, 1, 'the removed group\'s text is not asked for again');

    // A second click closes the diff.
    await item.locator('.diff-link').click();
    assert.equal(await item.locator('.word-diff').count(), 0);
  });

  it('diffs an exact group duplicate against the kept group as written (the stage compared them normalised)', async () => {
    await host.recount(() => host.initPreview({ options: GROUP_DEDUP_OPTIONS }));
    await page.locator('#tab-excluded').click();
    const item = page.locator('#excluded-text_exact .cluster[data-kept="g1"] .excluded-item[data-id="x1"]');
    await item.locator('.diff-link').click();
    await item.locator('.word-diff').waitFor();
    // g3 upper-cased g1's first forty words: the same unit once normalised, different as written.
    assert.deepEqual(await item.locator('.word-diff del').allInnerTexts(), [words(0, 40)]);
    assert.deepEqual(await item.locator('.word-diff ins').allInnerTexts(), [words(0, 40).toUpperCase()]);
    assert.ok(asked().includes('text_exact g1') && asked().includes('text_exact g3'));
  });

  it('shows markup in conversation texts literally in the diff and runs nothing', async () => {
    await host.recount(() => host.initPreview({ options: GROUP_DEDUP_OPTIONS }));
    await page.locator('#tab-excluded').click();
    const item = page.locator('#excluded-text_minhash .cluster[data-kept="h-kept"] .excluded-item[data-id="h2"]');
    await item.locator('.diff-link').click();
    await item.locator('.word-diff').waitFor();
    assert.deepEqual(await item.locator('.word-diff ins').allInnerTexts(), [INJECTED]);
    assert.ok((await item.locator('.word-diff').innerText()).startsWith('<img src=x onerror="window.__xss=true"> <b>bold</b> m0'));
    assert.equal(await page.evaluate(() => document.querySelectorAll('main script, main img, main b, main [onerror]').length), 0, 'record text became elements');
    assert.equal(await page.evaluate(() => (window as unknown as { __xss: boolean }).__xss), false, 'record text executed');
  });

  it('says a conversation is too long to diff here rather than diffing it', async () => {
    await host.recount(() => host.initPreview({ options: GROUP_DEDUP_OPTIONS }));
    await page.locator('#tab-excluded').click();
    const item = page.locator('#excluded-text_minhash .cluster[data-kept="long-kept"] .excluded-item[data-id="l2"]');
    await item.locator('.diff-link').click();
    await item.locator('.word-diff-slot p').waitFor();
    assert.equal(await item.locator('.word-diff-slot').innerText(), 'too long to diff here');
    assert.equal(await item.locator('.word-diff').count(), 0);
    assert.ok(asked().includes('text_minhash long-kept') && asked().includes('text_minhash long-removed'), 'the texts were fetched, then judged too long');
  });

  it('heads each cluster with the kept conversation\'s joined text, folded when long', async () => {
    await host.recount(() => host.initPreview({ options: GROUP_DEDUP_OPTIONS }));
    await page.locator('#tab-excluded').click();
    const quote = page.locator('#excluded-text_minhash .cluster[data-kept="long-kept"] .kept-text');
    await quote.scrollIntoViewIfNeeded();
    await page.waitForFunction((node) => node?.getAttribute('data-state') === 'loaded', await quote.elementHandle());
    const whole = long('l350');
    assert.equal(await quote.locator('.kept-text-body').innerText(), `${whole.slice(0, 400)}…`);
    assert.equal(await quote.locator('.kept-text-toggle').innerText(), `show all ${whole.length.toLocaleString('en-US')} characters`);
    await quote.locator('.kept-text-toggle').click();
    assert.equal(await quote.locator('.kept-text-body').innerText(), whole);
    const markup = page.locator('#excluded-text_minhash .cluster[data-kept="h-kept"] .kept-text');
    await markup.scrollIntoViewIfNeeded();
    await page.waitForFunction((node) => node?.getAttribute('data-state') === 'loaded', await markup.elementHandle());
    assert.equal(await markup.innerText(), `${MARKUP} ${marked}`, 'the kept group\'s text, literally');
    assert.equal(await page.evaluate(() => (window as unknown as { __xss: boolean }).__xss), false, 'record text executed');
  });
});
