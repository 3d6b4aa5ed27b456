import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Commands, ContextValues, Editors, Panels, Settings, Views } from '../../src/extension/ids';

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
