import { OpenAsTextNotification, StatsDocument, StatsDocumentNotification, StatsReady } from '../../../src/protocol/messages';
import { disposeDetachedCharts } from '../charts';
import { button, registerToolkit } from '../components/toolkit';
import { el, replaceChildren } from '../elements';
import { statsCharts, summaryFigures } from '../statsCharts';
import { connectToHost } from '../webviewChannel';
import { manifestView } from './manifestView';
import { parseManifest, parseStats, StatsFormatError } from './parseStats';

registerToolkit();
const app = document.getElementById('app')!;
const host = connectToHost();

function render(doc: StatsDocument): void {
  try {
    const stats = parseStats(doc.statsText);
    const manifest = parseManifest(doc.manifest?.text);
    const split = manifest?.split ? manifest.split.side : undefined;
    replaceChildren(
      app,
      el(
        'header',
        { class: 'header' },
        el('h1', null, doc.fileName),
        el('p', { class: 'muted' }, `${stats.task}${stats.preference_form ? ` · ${stats.preference_form}` : ''}${split ? ` · ${split} side` : ''}`),
      ),
      el(
        'div',
        { class: manifest ? 'stats-layout with-manifest' : 'stats-layout' },
        el('section', { class: 'stats', aria: { label: 'statistics' } }, summaryFigures(stats), statsCharts(stats)),
        manifest && doc.manifest ? manifestView(manifest, doc.manifest.fileName) : null,
      ),
    );
  } catch (error) {
    const message = error instanceof StatsFormatError ? error.message : String(error);
    replaceChildren(
      app,
      el(
        'div',
        { class: 'error', role: 'alert' },
        el('h1', null, `Cannot show ${doc.fileName}`),
        el('p', null, message),
        button('Open as Text', () => host.notify(OpenAsTextNotification, {}), { appearance: 'primary' }),
      ),
    );
  }
  disposeDetachedCharts();
}

host.onNotification(StatsDocumentNotification, (params) => render(params));
host.notify(StatsReady, {});
