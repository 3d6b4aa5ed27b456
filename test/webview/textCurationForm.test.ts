import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Page } from 'playwright-core';
import { groupDedupFixture } from '../helpers/groupDedupStore';
import { HostStandIn, useWebviewPage } from './webviewHarness';

/**
 * The text curation controls of the options form: what they send, what they
 * refuse, and what leaves the options when the control it depends on is
 * turned off. The store is the group dedup fixture (conversations g1–g4 over
 * the words word0…word59); bench.jsonl beside it has one item whose `question`
 * is five words some records share, and whose `text` matches nothing.
 */
describe('text curation controls of the preview form (Chromium)', function () {
  this.timeout(120_000);
  const suite = useWebviewPage('preview', async (dir) => {
    fs.writeFileSync(path.join(dir, 'bench.jsonl'), `${JSON.stringify({ text: 'nothing in common with any record here', question: 'word10 word11 word12 word13 word14' })}\n`);
    return groupDedupFixture(dir);
  });
  let page: Page;
  let host: HostStandIn;
  let bench: string;
  beforeEach(() => {
    ({ page, host } = suite);
    bench = path.join(suite.dir, 'bench.jsonl');
  });

  // The reward filter drops k3 from g1 first, so g1's text is the sixty words g2 repeats.
  const BASE = { task: 'sft' as const, groupBy: 'session_id', minReward: 0.5 };
  const planRequests = () => host.requests.filter((r) => r.method === 'preview/plan').map((r) => (r.params as { options: Record<string, unknown> }).options);
  const planned = () => planRequests().pop()!;
  const hidden = (selector: string) => page.locator(selector).isHidden();

  it('sends exact text dedup alone, then MinHash with the dedup unit, shingle size and threshold that were set', async () => {
    await host.recount(() => host.initPreview({ options: BASE }));
    assert.ok(await hidden('[data-option="shingleSize"]'), 'no shingle size without MinHash');
    assert.ok(await hidden('#text-dedup-threshold-slider'), 'no threshold without MinHash');
    assert.ok(await hidden('[data-option="dedupUnit"]'), 'no dedup unit without a text stage');

    let plan = await host.recount(() => pick(page, '#text-dedup', 'exact'));
    assert.deepEqual(planned(), { ...BASE, textDedup: 'exact' });
    assert.equal(await page.locator('#dedup-unit').evaluate((d: HTMLSelectElement) => d.value), 'group', 'grouped by session: conversations by default');
    assert.deepEqual(plan.excluded.text_exact!.items.map((e) => [e.id, e.group, e.duplicateOf]), [['x1', 'g3', 'g1'], ['x2', 'g3', 'g1']], 'conversations compared whole');
    plan = await host.recount(() => pick(page, '#dedup-unit', 'record'));
    assert.deepEqual(planned(), { ...BASE, textDedup: 'exact', dedupUnit: 'record' });
    assert.deepEqual(plan.excluded.text_exact!.items.map((e) => [e.id, e.duplicateOf]), [['x2', 'k0']], 'records compared alone');
    assert.ok(await hidden('[data-option="shingleSize"]'), 'exact text dedup has no shingles');
    assert.ok(await hidden('#text-dedup-threshold-slider'), 'exact text dedup has no threshold');
    assert.ok(!(await hidden('[data-option="dedupUnit"]')), 'the dedup unit applies to exact text dedup');

    await host.recount(() => pick(page, '#text-dedup', 'minhash'));
    assert.deepEqual(planned(), { ...BASE, textDedup: 'minhash', dedupUnit: 'record' });
    assert.ok(!(await hidden('[data-option="shingleSize"]')) && !(await hidden('#text-dedup-threshold-slider')), 'MinHash shows its shingle size and threshold');

    // Conversations g2 and g1 differ in one word of sixty: the shingle size and threshold decide.
    const near = () => plan.excluded.text_minhash!.items.filter((e) => e.group === 'g2').map((e) => e.reason);
    plan = await host.recount(() => pick(page, '#dedup-unit', 'group'));
    assert.deepEqual(planned(), { ...BASE, textDedup: 'minhash', dedupUnit: 'group' });
    assert.deepEqual(near(), ['near-duplicate text of g1, Jaccard 0.836', 'near-duplicate text of g1, Jaccard 0.836'], 'shingles of five: 51 of 61 shared');
    plan = await host.recount(() => typeInto(page, '#shingle-size', '3'));
    assert.deepEqual(planned(), { ...BASE, textDedup: 'minhash', dedupUnit: 'group', shingleSize: 3 });
    assert.deepEqual(near(), ['near-duplicate text of g1, Jaccard 0.901', 'near-duplicate text of g1, Jaccard 0.901'], 'shingles of three: 55 of 61 shared');
    plan = await host.recount(() => slide(page, '#text-dedup-threshold-slider', '0.95'));
    assert.deepEqual(planned(), { ...BASE, textDedup: 'minhash', dedupUnit: 'group', shingleSize: 3, textDedupThreshold: 0.95 });
    assert.deepEqual(near(), [], 'above its similarity, g2 is kept');
  });

  it('sends benchmark files, the benchmark field, the n-gram length and the dedup unit that were set', async () => {
    await host.recount(() => host.initPreview({ options: BASE }));
    assert.ok((await hidden('[data-option="benchmarkField"]')) && (await hidden('[data-option="ngram"]')), 'field and n-gram only with benchmarks');

    let plan = await host.recount(() => typeInto(page, '#benchmark', `${bench}\n`));
    assert.deepEqual(planned(), { ...BASE, benchmark: [bench] });
    assert.equal(plan.excluded.ngram_decontaminate!.total, 0, 'the default field (text) shares nothing with the records');
    assert.ok(!(await hidden('[data-option="benchmarkField"]')) && !(await hidden('[data-option="ngram"]')) && !(await hidden('[data-option="dedupUnit"]')));

    await host.recount(() => typeInto(page, '#ngram', '5'));
    assert.deepEqual(planned(), { ...BASE, benchmark: [bench], ngram: 5 });
    plan = await host.recount(() => typeInto(page, '#benchmark-field', 'question'));
    assert.deepEqual(planned(), { ...BASE, benchmark: [bench], ngram: 5, benchmarkField: 'question' });
    assert.deepEqual(
      plan.excluded.ngram_decontaminate!.items.map((e) => `${e.id} ${e.group}`).sort(),
      ['k0 g1', 'k1 g1', 'k2 g1', 'r1 g2', 'r2 g2', 'x1 g3', 'x2 g3'],
      'grouped by session, the default unit drops whole conversations',
    );

    plan = await host.recount(() => pick(page, '#dedup-unit', 'record'));
    assert.deepEqual(planned(), { ...BASE, benchmark: [bench], ngram: 5, benchmarkField: 'question', dedupUnit: 'record' });
    assert.deepEqual(plan.excluded.ngram_decontaminate!.items.map((e) => e.id).sort(), ['k1', 'r1', 'x1'], 'the records holding the question\'s five words');
  });

  describe('an invalid value shows under its control and disables Write with the reason', () => {
    const cases: { what: string; setUp?: (p: Page) => Promise<void>; act: (p: Page) => Promise<void>; error: string; message: RegExp; reason: RegExp; fix: (p: Page) => Promise<void> }[] = [
      {
        what: 'a shingle size of 0',
        setUp: (p) => pick(p, '#text-dedup', 'minhash'),
        act: (p) => typeInto(p, '#shingle-size', '0'),
        error: '#shingle-size-error',
        message: /^expected a positive integer$/,
        reason: /^Counts are stale: fix Shingle size \(words\): expected a positive integer$/,
        fix: (p) => typeInto(p, '#shingle-size', ''),
      },
      {
        what: 'a shingle size that is not a number',
        setUp: (p) => pick(p, '#text-dedup', 'minhash'),
        act: (p) => typeInto(p, '#shingle-size', 'five'),
        error: '#shingle-size-error',
        message: /^expected a positive integer$/,
        reason: /fix Shingle size \(words\): expected a positive integer$/,
        fix: (p) => typeInto(p, '#shingle-size', ''),
      },
      {
        what: 'a text dedup threshold above 1',
        setUp: (p) => pick(p, '#text-dedup', 'minhash'),
        act: (p) => typeInto(p, '#text-dedup-threshold-value', '1.5'),
        error: '#text-dedup-threshold-error',
        message: /^a Jaccard similarity is above 0 and at most 1, got 1\.5$/,
        reason: /fix Text dedup threshold \(Jaccard\): a Jaccard similarity is above 0 and at most 1, got 1\.5$/,
        fix: (p) => typeInto(p, '#text-dedup-threshold-value', '0.8'),
      },
      {
        what: 'an n-gram of 2 words',
        setUp: (p) => typeInto(p, '#benchmark', bench),
        act: (p) => typeInto(p, '#ngram', '2'),
        error: '#ngram-error',
        message: /^expected an integer from 3 to 64$/,
        reason: /fix n-gram length \(words\): expected an integer from 3 to 64$/,
        fix: (p) => typeInto(p, '#benchmark', ''),
      },
      {
        what: 'a benchmark field name of 201 characters',
        setUp: (p) => typeInto(p, '#benchmark', bench),
        act: (p) => typeInto(p, '#benchmark-field', 'f'.repeat(201)),
        error: '#benchmark-field-error',
        message: /^at most 200 characters$/,
        reason: /fix Benchmark text field: at most 200 characters$/,
        fix: (p) => typeInto(p, '#benchmark', ''),
      },
      {
        what: '65 benchmark files',
        act: (p) => typeInto(p, '#benchmark', Array.from({ length: 65 }, (_, i) => `/nowhere/b${i}.jsonl`).join('\n')),
        error: '#benchmark-error',
        message: /^at most 64 benchmark files$/,
        reason: /fix Benchmarks \(JSONL or \.txt\): at most 64 benchmark files$/,
        fix: (p) => typeInto(p, '#benchmark', ''),
      },
    ];
    for (const { what, setUp, act, error, message, reason, fix } of cases) {
      it(what, async () => {
        await host.recount(() => host.initPreview({ options: BASE }));
        // The set-up is valid and counted, so the act alone makes the problem.
        if (setUp) await host.recount(() => setUp(page));
        const before = host.requests.length;
        await act(page);
        await page.waitForFunction(() => document.getElementById('write-files')?.hasAttribute('disabled') && (document.getElementById('write-reason')?.textContent ?? '').includes('fix'));
        assert.match(await page.locator(error).innerText(), message);
        assert.ok(await page.locator(error).isVisible(), 'the error shows under its control');
        assert.match(await page.locator('#write-reason').innerText(), reason);
        assert.ok(await page.locator('#funnel.stale').count(), 'the funnel is marked stale');
        await host.recount(() => fix(page));
        assert.equal(await page.locator(error).innerText(), '', 'fixed: the error is gone');
        assert.ok(!(await page.locator('#write-files').evaluate((b) => b.hasAttribute('disabled'))), 'fixed: Write is enabled again');
        // Messages arrive in order: a plan asked for the invalid options would have come before the fixed one.
        const sent = host.requests.slice(before).filter((r) => r.method === 'preview/plan').map((r) => JSON.stringify(r.params));
        assert.ok(sent.length > 0 && sent.every((params) => !/"shingleSize":0|"five"|1\.5|"ngram":2|f{201}|b64\.jsonl/.test(params)), `no plan was asked for the invalid value: ${sent.join('\n')}`);
      });
    }
  });

  describe('a dependent control that is hidden is not in the options', () => {
    it('switching text dedup off removes the shingle size, threshold and dedup unit, and switching it back shows none of them set', async () => {
      await host.recount(() => host.initPreview({ options: BASE }));
      await host.recount(async () => {
        await pick(page, '#text-dedup', 'minhash');
        await typeInto(page, '#shingle-size', '4');
        await slide(page, '#text-dedup-threshold-slider', '0.9');
        await pick(page, '#dedup-unit', 'record');
      });
      assert.deepEqual(planned(), { ...BASE, textDedup: 'minhash', shingleSize: 4, textDedupThreshold: 0.9, dedupUnit: 'record' });

      await host.recount(() => pick(page, '#text-dedup', ''));
      assert.deepEqual(planned(), BASE);
      assert.ok(await hidden('[data-option="shingleSize"]'));
      assert.ok(await hidden('#text-dedup-threshold-slider'));
      assert.ok(await hidden('[data-option="dedupUnit"]'));

      // Shown again, the controls show what is sent: nothing set, so the defaults apply.
      await host.recount(() => pick(page, '#text-dedup', 'minhash'));
      assert.deepEqual(planned(), { ...BASE, textDedup: 'minhash' });
      assert.equal(await page.locator('#shingle-size').evaluate((f: HTMLElement & { value: string }) => f.value), '');
      assert.equal(await page.locator('#text-dedup-threshold-enabled').evaluate((c: HTMLElement & { checked: boolean }) => c.checked), false, 'the threshold switch is off');
      assert.equal(await page.locator('#dedup-unit').evaluate((d: HTMLElement & { value: string }) => d.value), 'group', 'the default for conversations');
    });

    it('switching from MinHash to exact removes the shingle size and threshold but keeps the dedup unit', async () => {
      await host.recount(() => host.initPreview({ options: BASE }));
      await host.recount(async () => {
        await pick(page, '#text-dedup', 'minhash');
        await typeInto(page, '#shingle-size', '4');
        await typeInto(page, '#text-dedup-threshold-value', '0.9');
        await pick(page, '#dedup-unit', 'record');
      });
      await host.recount(() => pick(page, '#text-dedup', 'exact'));
      assert.deepEqual(planned(), { ...BASE, textDedup: 'exact', dedupUnit: 'record' });
    });

    it('clearing the benchmark files removes the field, the n-gram length and (without text dedup) the dedup unit', async () => {
      await host.recount(() => host.initPreview({ options: BASE }));
      await host.recount(async () => {
        await typeInto(page, '#benchmark', bench);
        await typeInto(page, '#benchmark-field', 'question');
        await typeInto(page, '#ngram', '5');
        await pick(page, '#dedup-unit', 'record');
      });
      assert.deepEqual(planned(), { ...BASE, benchmark: [bench], benchmarkField: 'question', ngram: 5, dedupUnit: 'record' });
      await host.recount(() => typeInto(page, '#benchmark', ''));
      assert.deepEqual(planned(), BASE);
      assert.ok((await hidden('[data-option="benchmarkField"]')) && (await hidden('[data-option="ngram"]')) && (await hidden('[data-option="dedupUnit"]')));
      assert.equal(await page.locator('#write-reason').innerText(), '', 'nothing left to fix');
      // Shown again, the fields are empty: what they show is what is sent.
      await host.recount(() => typeInto(page, '#benchmark', bench));
      assert.deepEqual(planned(), { ...BASE, benchmark: [bench] });
      assert.equal(await page.locator('#ngram').evaluate((f: HTMLElement & { value: string }) => f.value), '');
      assert.equal(await page.locator('#benchmark-field').evaluate((f: HTMLElement & { value: string }) => f.value), '');
    });

    it('keeps the shingle size and threshold while leakage compares shingles, and drops them when nothing does', async () => {
      await host.recount(() => host.initPreview({ options: BASE }));
      await host.recount(async () => {
        await page.locator('#split-enabled').click();
        await pick(page, '#leakage', 'report');
        await pick(page, '#text-dedup', 'minhash');
        await typeInto(page, '#shingle-size', '4');
        await slide(page, '#text-dedup-threshold-slider', '0.9');
      });
      const split = { splitEval: planned().splitEval, leakage: 'report' };
      assert.deepEqual(planned(), { ...BASE, ...split, textDedup: 'minhash', shingleSize: 4, textDedupThreshold: 0.9 });

      // Exact text dedup compares no shingles, but the leakage check's text measure does.
      await host.recount(() => pick(page, '#text-dedup', 'exact'));
      assert.deepEqual(planned(), { ...BASE, ...split, textDedup: 'exact', shingleSize: 4, textDedupThreshold: 0.9 }, 'leakage still compares shingles at that threshold');
      assert.ok(!(await hidden('[data-option="shingleSize"]')) && !(await hidden('#text-dedup-threshold-slider')));

      // The split off takes the leakage check with it: nothing compares shingles any more.
      await host.recount(() => page.locator('#split-enabled').click());
      assert.deepEqual(planned(), { ...BASE, textDedup: 'exact' });
      assert.ok((await hidden('[data-option="shingleSize"]')) && (await hidden('#text-dedup-threshold-slider')));
      assert.equal(await page.locator('#write-reason').innerText(), '', 'nothing left to fix');
      // Back to MinHash: the controls show what is sent, nothing set.
      await host.recount(() => pick(page, '#text-dedup', 'minhash'));
      assert.deepEqual(planned(), { ...BASE, textDedup: 'minhash' });
      assert.equal(await page.locator('#shingle-size').evaluate((f: HTMLElement & { value: string }) => f.value), '');
      assert.equal(await page.locator('#text-dedup-threshold-enabled').evaluate((c: HTMLElement & { checked: boolean }) => c.checked), false);
    });
  });
});

/** Types into a toolkit field or input the way a user's edit arrives: a value and an input event. */
async function typeInto(page: Page, selector: string, value: string): Promise<void> {
  await page.locator(selector).evaluate((field: HTMLElement & { value: string }, v) => {
    field.value = v;
    field.dispatchEvent(new Event('input'));
  }, value);
}

/** Picks a toolkit dropdown's choice the way a user's pick arrives: a value and a change event. */
async function pick(page: Page, selector: string, value: string): Promise<void> {
  await page.locator(selector).evaluate((dropdown: HTMLElement & { value: string }, v) => {
    dropdown.value = v;
    dropdown.dispatchEvent(new Event('change'));
  }, value);
}

/** Moves a range input the way a drag step arrives. */
async function slide(page: Page, selector: string, value: string): Promise<void> {
  await page.locator(selector).evaluate((input: HTMLInputElement, v) => {
    input.value = v;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}
