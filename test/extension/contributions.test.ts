import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { flagTable } from '../../src/cli/flagTable';
import { OPTION_KEYS, optionSpec } from '../../src/core/options/optionSpecs';
import { Commands, ContextValues, Editors, Panels, Settings, Views } from '../../src/extension/ids';
import { settingContributions } from '../../src/extension/settingContributions';

const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));
const contributes = pkg.contributes;

describe('package.json contributions', () => {
  it('declares exactly the commands the code registers', () => {
    const declared = contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(declared, Object.values(Commands).sort());
  });

  it('puts every command in the "Lance Curator" category with the titles users search for', () => {
    const titles = Object.fromEntries(contributes.commands.map((c: { command: string; title: string; category: string }) => [c.command, `${c.category}: ${c.title}`]));
    assert.equal(titles[Commands.exportTrainingSet], 'Lance Curator: Export Training Set');
    assert.equal(titles[Commands.previewExport], 'Lance Curator: Preview Export');
    assert.equal(titles[Commands.addStore], 'Lance Curator: Add Store…');
    assert.equal(titles[Commands.openStats], 'Lance Curator: Open Stats');
    assert.equal(titles[Commands.refreshStores], 'Lance Curator: Refresh Stores');
  });

  it('declares the view container, the view, the custom editor and the settings the code reads', () => {
    assert.equal(contributes.viewsContainers.activitybar[0].id, Views.container);
    assert.equal(contributes.viewsContainers.activitybar[0].title, 'Lance Curator');
    assert.deepEqual(contributes.views[Views.container].map((v: { id: string; name: string }) => [v.id, v.name]), [[Views.stores, 'Context Stores']]);
    assert.equal(contributes.customEditors[0].viewType, Editors.stats);
    assert.deepEqual(contributes.customEditors[0].selector, [{ filenamePattern: '*.stats.json' }]);
    assert.ok(pkg.activationEvents.includes(`onWebviewPanel:${Panels.preview}`));
    const settings = Object.keys(contributes.configuration.properties);
    for (const key of Object.values(Settings).filter((k) => k !== Settings.section)) assert.ok(settings.includes(`lanceCurator.${key}`), key);
  });

  it('declares exactly the option settings the options table marks, with its choices and defaults', () => {
    const declared = Object.fromEntries(Object.entries(contributes.configuration.properties).filter(([key]) => key.startsWith('lanceCurator.export.')));
    assert.deepEqual(declared, settingContributions(), 'run npm run sync:contributions');
    assert.deepEqual(declared['lanceCurator.export.task'].enum, ['sft', 'preference', 'rollout']);
    assert.equal(declared['lanceCurator.export.groupBy'].default, 'session_id');
    const marked = OPTION_KEYS.filter((key) => optionSpec(key).setting).map((key) => `lanceCurator.export.${key}`);
    assert.deepEqual(Object.keys(declared).sort(), marked.sort());
  });

  it('offers a setting for every option that makes sense as a default: one that needs no other option and names no per-run file, id, version or filter', () => {
    const perRun = new Set(['filter', 'referenceTime', 'version', 'holdout', 'benchmark', 'keep', 'tools', 'chatTemplate', 'strict', 'splitSeed', 'splitBy', 'labels']);
    // Alone: none of its needs refuses its default (or, for a switch, its "on") without another option (a margin needs trl, a token limit a tokenizer).
    const alone = (key: (typeof OPTION_KEYS)[number]) => (optionSpec(key).needs ?? []).every((need) => need.because === undefined || need.met({ [key]: optionSpec(key).default ?? true }));
    // Preselected for when what it needs is given: the decontamination distance, for a holdout given per run.
    const forLater = new Set(['decontaminateThreshold']);
    const expected = OPTION_KEYS.filter((key) => (alone(key) || forLater.has(key)) && !perRun.has(key));
    assert.deepEqual(OPTION_KEYS.filter((key) => optionSpec(key).setting), expected);
    assert.ok(expected.includes('minReward') && expected.includes('dedupThreshold') && expected.includes('stats'));
  });

  it("keeps the README's flag table generated from the options table", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
    const table = /<!-- options:start[^>]*-->\n([\s\S]*?)\n<!-- options:end -->/.exec(readme)?.[1];
    assert.equal(table, flagTable(), 'run npm run sync:contributions');
    for (const key of OPTION_KEYS) assert.ok(table!.includes(`\`--${optionSpec(key).flag}`), key);
  });

  it('only refers to context values the tree sets', () => {
    const values = new Set<string>(Object.values(ContextValues));
    for (const item of contributes.menus['view/item/context']) {
      const exact = /viewItem == ([\w.]+)/.exec(item.when)?.[1];
      if (exact) assert.ok(values.has(exact), exact);
    }
  });

  it('ships media the manifest names', () => {
    for (const file of [pkg.icon, contributes.viewsContainers.activitybar[0].icon]) assert.ok(fs.existsSync(path.resolve(__dirname, '../..', file)), file);
  });
});
