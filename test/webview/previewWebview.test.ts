import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { Page } from 'playwright-core';
import { buildDemoStore, CurationSession, lookupRecord, planExport } from '../../src/core';
import { HostStandIn, paintedCanvases, useWebviewPage } from './webviewHarness';

describe('preview webview (Chromium)', function () {
  this.timeout(120_000);
  let holdout: string;
  const suite = useWebviewPage('preview', async (dir) => {
    const built = await buildDemoStore(dir);
    holdout = built.holdout;
    return built.store;
  });
  let page: Page;
  let host: HostStandIn;
  let store: string;
  beforeEach(() => {
    ({ page, host, store } = suite);
  });

  async function corePlan(options: object) {
    const session = await CurationSession.open(store);
    try {
      return await planExport(session, options, { limit: 20 });
    } finally {
      await session.close();
    }
  }

  it('shows the per-stage counts of the default plan', async () => {
    const plan = await host.recount(() => host.initPreview());
    const expected = await corePlan({ task: 'sft', groupBy: 'session_id' });
    assert.deepEqual(plan.output.counts, expected.output.counts);
    const text = await page.locator('#funnel').innerText();
    for (const stage of ['Listed records', 'After lifecycle', 'After reward filter', 'After dedup', 'After decontamination', 'Examples']) assert.ok(text.includes(stage), stage);
    assert.equal(await page.locator('[data-stage="input"] .stage-count').innerText(), String(expected.output.counts.input_records));
    assert.equal(await host.shownExamples(), expected.output.counts.examples);
    assert.match(await page.locator('[data-stage="lifecycle"] .stage-removed').innerText(), /−2 contradicted/);
  });

  it('recounts when the dedup slider moves, sending the threshold', async () => {
    await host.recount(() => host.initPreview());
    const plan = await host.recount(async () => {
      await page.locator('#dedup-threshold-slider').evaluate((input: HTMLInputElement) => {
        input.value = '0.02';
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
    });
    const request = host.requests.filter((r) => r.method === 'preview/plan').pop()!;
    assert.equal((request.params as { options: { dedupThreshold: number } }).options.dedupThreshold, 0.02);
    const expected = await corePlan({ task: 'sft', groupBy: 'session_id', dedupThreshold: 0.02 });
    assert.deepEqual(plan.output.counts, expected.output.counts);
    assert.equal(await page.locator('[data-stage="dedup"] .stage-count').innerText(), String(expected.output.counts.after_dedup));
  });

  it('debounces a slider drag into one recount for its last value', async () => {
    await host.recount(() => host.initPreview());
    const before = host.requests.filter((r) => r.method === 'preview/plan').length;
    await host.recount(async () => {
      // Four slider steps within one task, as a drag delivers them: one recount, for the last value.
      await page.locator('#min-reward-slider').evaluate((input: HTMLInputElement) => {
        for (const value of ['0.3', '0.4', '0.5', '0.6']) {
          input.value = value;
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }
      });
    });
    const plans = host.requests.filter((r) => r.method === 'preview/plan');
    assert.equal((plans[plans.length - 1].params as { options: { minReward: number } }).options.minReward, 0.6);
    assert.equal(plans.length - before, 1, 'debounced: one request for the four steps');
  });

  it('shows preference pairs side by side with their rewards', async () => {
    const plan = await host.recount(() => host.initPreview({ options: { task: 'preference', form: 'paired' } }));
    const first = plan.output.examples[0];
    const card = page.locator('.example').first();
    const chosen = card.locator('.side.chosen');
    const rejected = card.locator('.side.rejected');
    assert.ok((await chosen.innerText()).includes((first.example.chosen as { content: string }[])[0].content));
    assert.ok((await rejected.innerText()).includes((first.example.rejected as { content: string }[])[0].content));
    const [left, right] = await Promise.all([chosen.boundingBox(), rejected.boundingBox()]);
    assert.ok(left!.x < right!.x && Math.abs(left!.y - right!.y) < 5, 'chosen and rejected are side by side');
    const rewarded = plan.output.examples.find((e) => e.records[0]?.reward !== undefined)!;
    const index = plan.output.examples.indexOf(rewarded);
    assert.match(await page.locator('.example').nth(index).locator('.side.chosen .chip-reward').first().innerText(), /reward/);
  });

  it('shows ranked candidates in order and rollout responses with rewards', async () => {
    await host.recount(() => host.initPreview({ options: { task: 'preference', form: 'ranked' } }));
    const ranks = await page.locator('.example-ranked').first().locator('.candidate h4').allInnerTexts();
    assert.ok(ranks.length > 0 && ranks[0].startsWith('Rank 1'));
    await host.recount(async () => {
      await page.locator('#quick-source').evaluate((field: HTMLElement & { value: string }) => {
        field.value = 'eval-harness';
        field.dispatchEvent(new Event('input'));
      });
      await page.locator('#task').evaluate((dropdown: HTMLElement & { value: string }) => {
        dropdown.value = 'rollout';
        dropdown.dispatchEvent(new Event('change'));
      });
    });
    await host.scrollListTo('.example-rollout', 'verifier');
    const rollout = page.locator('.example-rollout').filter({ hasText: 'verifier' }).first();
    assert.match(await rollout.innerText(), /4 responses/);
    assert.equal(await rollout.locator('.response .chip-reward').count(), 4, 'each response shows its reward');
  });

  it('lists groups and opens a transcript with roles, tool calls and metadata chips', async () => {
    await host.recount(() => host.initPreview());
    await page.locator('#tab-groups').click();
    await page.locator('.group-row', { hasText: 'chat-03' }).first().click();
    await page.locator('.group-detail').waitFor();
    const detail = page.locator('.group-detail');
    assert.ok((await detail.locator('.message.role-system').count()) === 1);
    assert.ok((await detail.locator('.message.tool-call').count()) >= 1, 'the tool call is shown as a tool call');
    assert.ok((await detail.locator('.message.tool-result').count()) >= 1);
    assert.match(await detail.innerText(), /get_weather/);
    assert.match(await detail.locator('.message.role-assistant .chips').first().innerText(), /tokens \d+/);
  });

  it('lists excluded records with their reasons and shows a record on click', async () => {
    await host.recount(() => host.initPreview({ options: { task: 'sft', minReward: 0.5, dedupThreshold: 0.02, holdout, decontaminateThreshold: 0.01 } }));
    await page.locator('#tab-excluded').click();
    const text = await page.locator('#excluded-pane').innerText();
    assert.match(text, /near-duplicate of r\d+, distance/);
    assert.match(text, /reward 0\.\d+ < 0\.50/);
    assert.match(text, /matches holdout line \d, distance/);
    assert.match(text, /expired 2025-03-01T00:00:00Z/);
    assert.match(text, /lifecycle status contradicted/);
    const item = page.locator('#excluded-dedup .record-link').first();
    const id = await item.innerText();
    await item.click();
    await page.locator('.record-panel').waitFor();
    assert.match(await page.locator('.record-panel').innerText(), new RegExp(`Record ${id}`));
  });

  it('draws every chart on a canvas', async () => {
    await host.recount(() => host.initPreview({ options: { task: 'rollout', splitEval: 0.2 } }));
    await page.locator('#tab-charts').click();
    await page.locator('#charts-pane canvas').first().waitFor();
    const charts = await page.locator('#charts-pane figure.chart').evaluateAll((figures) => figures.map((f) => (f as HTMLElement).dataset.chart));
    for (const id of ['records-per-group', 'reward', 'tokens', 'by-role', 'by-source', 'by-tenant', 'reward-sources', 'excluded', 'split']) assert.ok(charts.includes(id), `chart ${id}`);
    const { total, painted } = await paintedCanvases(page.locator('#charts-pane canvas'));
    assert.ok(total >= 9 && painted === total, `${painted} of ${total} canvases have pixels`);
  });

  it('keeps options, tab and open group in the webview state', async () => {
    await host.recount(() => host.initPreview());
    await host.recount(async () => {
      await page.locator('#min-reward-slider').evaluate((input: HTMLInputElement) => {
        input.value = '0.7';
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
    });
    await page.locator('#tab-groups').click();
    await page.locator('.group-row').first().click();
    await page.locator('.group-detail').waitFor();
    const state = (await page.evaluate(() => (window as unknown as { __state: unknown }).__state)) as { options: { minReward: number }; tab: string; openGroup?: { key: string } };
    assert.equal(state.options.minReward, 0.7);
    assert.equal(state.tab, 'groups');
    assert.ok(state.openGroup?.key);
    // a reload restores from that state
    const restored = await suite.browser.newPage();
    const again = new HostStandIn(restored, { location: store });
    await again.open(`${suite.url}/preview.html`, state);
    const plan = await again.recount(() => again.initPreview());
    assert.equal((again.requests.find((r) => r.method === 'preview/plan')!.params as { options: { minReward: number } }).options.minReward, 0.7);
    assert.ok(plan);
    await restored.locator('.group-detail').waitFor();
    again.dispose();
    await restored.close();
  });

  it('validates the filter JSON against the filter grammar before asking the host', async () => {
    await host.recount(() => host.initPreview());
    const before = host.requests.length;
    await page.locator('#filter-json').evaluate((area: HTMLElement & { value: string }) => {
      area.value = '{"created_at": {"since": "2025-01-01T00:00:00Z"}}';
      area.dispatchEvent(new Event('input'));
    });
    await page.waitForFunction(() => (document.getElementById('filter-error')?.textContent ?? '').length > 0);
    assert.match(await page.locator('#filter-error').innerText(), /unsupported created_at filter operator 'since'/);
    const plan = await host.recount(async () => {
      await page.locator('#quick-role').evaluate((field: HTMLElement & { value: string }) => {
        field.value = 'user';
        field.dispatchEvent(new Event('input'));
      });
      await page.locator('#filter-json').evaluate((area: HTMLElement & { value: string }) => {
        area.value = '';
        area.dispatchEvent(new Event('input'));
      });
    });
    const expected = await corePlan({ task: 'sft', groupBy: 'session_id', filter: '{"role":"user"}' });
    assert.deepEqual(plan.output.counts, expected.output.counts);
    // Messages arrive in order: a request made while the filter was invalid would have come before this plan's.
    const sentSince = host.requests.filter((r, i) => i >= before && r.method === 'preview/plan');
    assert.ok(sentSince.every((r) => !JSON.stringify(r.params).includes('since')), 'no plan was asked for the invalid filter');
  });

  describe('Write files writes only the counts on screen', () => {
    const invalid: [string, (page: Page) => Promise<void>, RegExp][] = [
      ['an unparsable filter', (p) => typeInto(p, '#filter-json', '{"tenant": "acme",'), /Filter JSON is not valid JSON/],
      ['a filter key set twice with different values', async (p) => {
        await typeInto(p, '#quick-tenant', 'acme');
        await typeInto(p, '#filter-json', '{"tenant": "globex"}');
      }, /tenant is set twice/],
      ['a split seed beyond 64 bits', async (p) => {
        await p.locator('#split-enabled').click();
        await typeInto(p, '#split-seed', '18446744073709551616');
      }, /Seed: expected an integer from 0 to 18446744073709551615/],
      ['an eval fraction above 1', async (p) => {
        await p.locator('#split-enabled').click();
        await typeInto(p, '#split-eval', '1.5');
      }, /Eval fraction: the eval fraction must be between 0 and 1, got 1\.5/],
      ['a reward that is not a number', (p) => typeInto(p, '#min-reward-value', 'abc'), /Min reward: expected a number/],
      ['a reference time that is not RFC 3339', (p) => typeInto(p, '#reference-time', 'yesterday'), /Reference time: 'yesterday' is not an RFC 3339 timestamp/],
    ];
    for (const [what, act, reason] of invalid) {
      it(`marks the counts stale and disables Write for ${what}`, async () => {
        await host.recount(() => host.initPreview());
        await act(page);
        await page.waitForFunction(() => document.getElementById('write-files')?.hasAttribute('disabled'));
        assert.match(await page.locator('#write-reason').innerText(), reason);
        assert.ok(await page.locator('#funnel.stale').count(), 'the funnel is marked stale');
        await page.locator('#write-files').click({ force: true });
        // Clicking a disabled Write sends nothing; a request would arrive before the recount below.
        await host.recount(async () => {
          await page.locator('#filter-json').evaluate((area: HTMLElement & { value: string }) => {
            area.value = '';
            area.dispatchEvent(new Event('input'));
          });
          await page.locator('#quick-tenant').evaluate((field: HTMLElement & { value: string }) => {
            field.value = '';
            field.dispatchEvent(new Event('input'));
          });
          await page.locator('#min-reward-value').evaluate((input: HTMLInputElement) => {
            input.value = '0.5';
            input.dispatchEvent(new Event('input'));
          });
          await page.locator('#reference-time').evaluate((field: HTMLElement & { value: string }) => {
            field.value = '';
            field.dispatchEvent(new Event('input'));
          });
          if (await page.locator('#split-enabled').evaluate((box: HTMLElement & { checked: boolean }) => box.checked)) await page.locator('#split-enabled').click();
        });
        assert.equal(host.writes.length, 0);
      });
    }

    it('sends exactly the options of the counts on screen and the version they were counted on', async () => {
      const plan = await host.recount(() => host.initPreview());
      const counted = await host.recount(async () => {
        await page.locator('#min-reward-slider').evaluate((input: HTMLInputElement) => {
          input.value = '0.7';
          input.dispatchEvent(new Event('input', { bubbles: true }));
        });
      });
      await page.waitForFunction(() => !document.getElementById('write-files')?.hasAttribute('disabled'));
      await page.locator('#write-files').click();
      await host.until(() => host.writes.length === 1, 'the write request');
      const planned = host.requests.filter((r) => r.method === 'preview/plan').pop()!.params as { options: unknown };
      assert.deepEqual(host.writes[0].options, planned.options);
      assert.equal((host.writes[0].options as { minReward: number }).minReward, 0.7);
      assert.equal(host.writes[0].countedVersion, counted.store.version);
      assert.equal(plan.store.version, counted.store.version);
    });
  });

  it('shows where a relative holdout path resolves', async () => {
    await host.recount(() => host.initPreview());
    await typeInto(page, '#holdout', 'evals/holdout.jsonl');
    await page.waitForFunction(() => (document.getElementById('holdout-resolved')?.textContent ?? '').includes('holdout.jsonl'));
    assert.equal(await page.locator('#holdout-resolved').innerText(), '→ /workspace/evals/holdout.jsonl');
  });

  it('counts and marks examples that have no assistant turn after a reward filter', async () => {
    const options = { task: 'sft' as const, minReward: 0.95 };
    const expected = await corePlan({ ...options, groupBy: 'session_id' });
    const degenerate = expected.output.notes.degenerate.no_assistant_turn ?? 0;
    assert.ok(degenerate > 0, 'the demo has conversations whose assistant turns a 0.95 threshold removes');
    await host.recount(() => host.initPreview({ options }));
    assert.match(await page.locator('#example-notes').innerText(), new RegExp(`${degenerate} examples? (has|have) no assistant turn`));
    // Every example in view is marked exactly when the core marks it.
    const shown = await page.locator('#examples-pane article.example').evaluateAll((nodes) => nodes.map((node) => ({ index: Number((node as HTMLElement).dataset.index), marked: node.classList.contains('degenerate') })));
    assert.ok(shown.length > 0 && shown.some((example) => example.marked), 'a marked example is in view');
    for (const { index, marked } of shown) assert.equal(marked, expected.output.examples[index].degenerate === 'no_assistant_turn', `example #${index + 1}`);
  });

  it('finds groups by the key typed, key by keystroke, and says when only messages match', async () => {
    await host.recount(() => host.initPreview({ options: { task: 'sft', groupBy: 'session_id' } }));
    await page.locator('#tab-groups').click();
    await page.locator('#group-search input').click();
    await page.keyboard.type('pref-0', { delay: 30 });
    await page.waitForFunction(() => document.getElementById('group-search-result')?.textContent === '8 groups whose key matches “pref-0”');
    assert.equal(await page.locator('#group-search').evaluate((field: HTMLElement & { value: string }) => field.value), 'pref-0');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('live', { delay: 30 });
    // No key contains "live" (the old search lost keystrokes and listed pref-01…08 for the "e" it kept).
    await page.waitForFunction(() => /^No group key contains “live”; 0 groups have a message containing it$/.test(document.getElementById('group-search-result')?.textContent ?? ''));
    assert.equal(await page.locator('.group-row').count(), 0);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('refund', { delay: 30 });
    await page.waitForFunction(() => /^No group key contains “refund”; [1-9]\d* groups? (has|have) a message containing it$/.test(document.getElementById('group-search-result')?.textContent ?? ''));
    assert.ok((await page.locator('.group-row').count()) > 0);
  });

  it('says in the group transcript which turns curation dropped and why', async () => {
    const options = { task: 'sft' as const, minReward: 0.95 };
    const expected = await corePlan({ ...options, groupBy: 'session_id' });
    const key = expected.output.examples.find((example) => example.degenerate === 'no_assistant_turn')!.group;
    await host.recount(() => host.initPreview({ options }));
    await page.locator('#tab-groups').click();
    await page.locator('#group-search').evaluate((field: HTMLElement & { value: string }, k) => {
      field.value = k;
      field.dispatchEvent(new Event('input'));
    }, key);
    await page.locator('.group-row', { hasText: key }).first().click();
    await page.locator('.group-detail').waitFor();
    const reasons = await page.locator('.dropped-turn .reason').allInnerTexts();
    assert.ok(reasons.length > 0, 'the dropped assistant turns are listed');
    for (const reason of reasons) assert.match(reason, /reward -?\d+(\.\d+)? < 0\.95/);
  });

  it('says why preference groups gave no pair', async () => {
    const expected = await corePlan({ task: 'preference', form: 'paired', groupBy: 'session_id' });
    const skipped = Object.values(expected.output.notes.skippedGroups).reduce((a, b) => a + (b ?? 0), 0);
    assert.ok(skipped > 0);
    await host.recount(() => host.initPreview({ options: { task: 'preference', form: 'paired' } }));
    assert.match(await page.locator('#example-notes').innerText(), /groups? ha(s|ve) (no|fewer than two)/);
  });

  it('warns about a filter key no record has, suggesting the column it resembles', async () => {
    await host.recount(() => host.initPreview({ options: { task: 'sft', filter: '{"tenat": "acme"}' } }));
    assert.match(await page.locator('#warnings').innerText(), /filter key 'tenat' matches no column and no record's metadata.*did you mean 'tenant'/);
  });

  it('puts the kept text on top of each cluster, loaded when the cluster comes into view', async () => {
    await host.recount(() => host.initPreview({ options: { task: 'sft', textDedup: 'minhash', dedupThreshold: 0.02 } }));
    await page.locator('#tab-excluded').click();
    // In a short window, a cluster further down has not asked for its text until it is scrolled to.
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: 900, height: 240 });
    try {
      await page.locator('#excluded-text_minhash .cluster').first().scrollIntoViewIfNeeded();
      const last = page.locator('#excluded-text_minhash .cluster').last().locator('.kept-text');
      assert.equal(await page.locator('#excluded-text_minhash .cluster').count(), 12, 'the demo has twelve text clusters');
      assert.equal(await last.getAttribute('data-state'), 'loading');
      await last.scrollIntoViewIfNeeded();
      await page.waitForFunction((node) => node?.getAttribute('data-state') === 'loaded', await last.elementHandle());
    } finally {
      if (viewport) await page.setViewportSize(viewport);
    }
    for (const stage of ['text_minhash', 'dedup']) {
      const cluster = page.locator(`#excluded-${stage} .cluster`).first();
      const kept = (await cluster.getAttribute('data-kept'))!;
      const quote = cluster.locator('.kept-text');
      await quote.scrollIntoViewIfNeeded();
      await page.waitForFunction((node) => node?.getAttribute('data-state') === 'loaded', await quote.elementHandle());
      const session = await CurationSession.open(store);
      const record = await lookupRecord(session, kept).finally(() => session.close());
      const text = record!.text_payload!;
      assert.equal(await quote.locator('.kept-text-toggle').count(), text.length > 400 ? 1 : 0, `${stage}: long texts fold`);
      if (text.length <= 400) assert.equal(await quote.innerText(), text, `${stage}: the kept record's own text`);
      else assert.ok(text.startsWith((await quote.locator('.kept-text-body').innerText()).slice(0, -1)), `${stage}: the start of the kept text`);
    }
  });

  it('groups near-duplicates under the kept record and opens a record in place', async () => {
    await host.recount(() => host.initPreview({ options: { task: 'sft', dedupThreshold: 0.02 } }));
    await page.locator('#tab-excluded').click();
    const cluster = page.locator('#excluded-dedup .cluster').first();
    const kept = await cluster.getAttribute('data-kept');
    assert.ok(kept);
    for (const reason of await cluster.locator('.reason').allInnerTexts()) assert.match(reason, new RegExp(`near-duplicate of ${kept}, distance`));
    const item = cluster.locator('.excluded-item').first();
    await item.locator('.record-link').click();
    await item.locator('.record-panel').waitFor();
    await item.locator('.record-panel vscode-button', { hasText: 'Close' }).click();
    assert.equal(await item.locator('.record-panel').count(), 0);
  });

  it('clusters text near-duplicates under the kept record with similarity and a word diff, and keeps a removed member on request', async () => {
    await host.recount(() => host.initPreview({ options: { task: 'sft', textDedup: 'minhash' } }));
    assert.match(await page.locator('[data-stage="text_minhash"] .stage-removed').innerText(), /^−\d+ near-duplicate text$/);
    await page.locator('#tab-excluded').click();
    const cluster = page.locator('#excluded-text_minhash .cluster').first();
    const kept = await cluster.getAttribute('data-kept');
    assert.ok(kept);
    const item = cluster.locator('.excluded-item').first();
    const removed = await item.getAttribute('data-id');
    assert.match(await item.locator('.reason').innerText(), new RegExp(`^near-duplicate text of ${kept}, Jaccard 0\\.\\d{3}$`));
    assert.match(await item.locator('.similarity').innerText(), /similarity 0\.\d{3}/);
    await item.locator('.diff-link').click();
    await item.locator('.word-diff').waitFor();
    assert.ok((await item.locator('.word-diff del, .word-diff ins').count()) > 0, 'a near duplicate differs in some word');

    const plan = await host.recount(() => item.locator('button.keep-instead').click());
    const request = host.requests.filter((r) => r.method === 'preview/plan').pop()!;
    assert.deepEqual((request.params as { options: { keep: string[] } }).options.keep, [removed]);
    assert.ok(!plan.excluded.text_minhash!.items.some((e) => e.id === removed), 'the kept member is no longer removed');
    assert.match(await page.locator('.kept-ids').innerText(), new RegExp(`Kept by hand: ${removed}`));
  });

  it('collapses the options once a write used them, and lists the written files as links', async () => {
    await host.recount(() => host.initPreview());
    host.writeAnswer = { files: ['exports/demo-sft.jsonl', 'exports/demo-sft.jsonl.manifest.json'], examples: 1 };
    assert.equal(await page.locator('#options-details').evaluate((d: HTMLDetailsElement) => d.open), true);
    await page.waitForFunction(() => !document.getElementById('write-files')?.hasAttribute('disabled'));
    await page.locator('#write-files').click();
    await page.waitForFunction(() => (document.getElementById('status')?.textContent ?? '').startsWith('Wrote 1 example:'));
    assert.deepEqual(await page.locator('#status .written-file').allInnerTexts(), ['exports/demo-sft.jsonl', 'exports/demo-sft.jsonl.manifest.json']);
    assert.equal(await page.locator('#options-details').evaluate((d: HTMLDetailsElement) => d.open), false);
  });

  it('shows a store path without reading it as markup', async () => {
    await host.recount(() => host.initPreview());
    assert.equal(await page.locator('.store-uri').innerText(), store);
    assert.ok(path.isAbsolute(store));
  });
});

/** Types into a toolkit field or input the way a user's edit arrives: a value and an input event. */
async function typeInto(page: Page, selector: string, value: string): Promise<void> {
  await page.locator(selector).evaluate((field: HTMLElement & { value: string }, v) => {
    field.value = v;
    field.dispatchEvent(new Event('input'));
  }, value);
}
