import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import type { Histogram } from '../../src/core';
import { el } from './elements';
import { chartColors, onThemeChange } from './theme';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

const charts = new Set<Chart>();
let watching = false;

export interface BarSeries {
  label: string;
  values: number[];
}

/**
 * A titled bar chart in a figure (with an accessible text summary). Colours
 * follow the theme and are redrawn when it changes.
 */
export function barChart(title: string, labels: string[], series: BarSeries[], options: { horizontal?: boolean; id?: string } = {}): HTMLElement {
  const canvas = el('canvas', { role: 'img', aria: { label: `${title}: ${summarize(labels, series)}` } });
  const figure = el('figure', { class: 'chart', dataset: { chart: options.id ?? title } }, el('figcaption', null, title), el('div', { class: 'chart-canvas' }, canvas));
  const colors = chartColors();
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: series.map((s, i) => ({ label: s.label, data: s.values, backgroundColor: colors.series[i % colors.series.length], borderWidth: 0 })),
    },
    options: {
      indexAxis: options.horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: series.length > 1, labels: { color: colors.foreground } }, tooltip: { enabled: true } },
      scales: {
        x: { ticks: { color: colors.muted, maxRotation: 45, autoSkip: true }, grid: { color: colors.grid } },
        y: { ticks: { color: colors.muted }, grid: { color: colors.grid }, beginAtZero: true },
      },
    },
  });
  charts.add(chart);
  if (!watching) {
    watching = true;
    onThemeChange(recolor);
  }
  return figure;
}

/** A histogram as a bar chart, bins labelled by their range. */
export function histogramChart(title: string, histogram: Histogram, id: string): HTMLElement {
  const width = histogram.edges.length > 1 ? histogram.edges[1] - histogram.edges[0] : 1;
  const integer = Number.isInteger(width) && histogram.edges.every(Number.isInteger);
  const labels = histogram.edges.map((edge) =>
    integer ? (width === 1 ? String(edge) : `${edge}–${edge + width - 1}`) : `${round(edge)}–${round(edge + width)}`,
  );
  return barChart(title, labels, [{ label: 'count', values: histogram.counts }], { id });
}

/** Destroys charts whose canvas left the document (before a re-render). */
export function disposeDetachedCharts(): void {
  for (const chart of charts) {
    if (!chart.canvas.isConnected) {
      chart.destroy();
      charts.delete(chart);
    }
  }
}

function recolor(): void {
  const colors = chartColors();
  for (const chart of charts) {
    chart.data.datasets.forEach((dataset, i) => (dataset.backgroundColor = colors.series[i % colors.series.length]));
    for (const scale of Object.values(chart.options.scales ?? {})) {
      if (scale?.ticks) scale.ticks.color = colors.muted;
      if (scale && 'grid' in scale && scale.grid) scale.grid.color = colors.grid;
    }
    chart.update();
  }
}

function round(x: number): string {
  return String(Number(x.toPrecision(3)));
}

function summarize(labels: string[], series: BarSeries[]): string {
  const first = series[0];
  if (!first) return 'no data';
  return labels.slice(0, 12).map((label, i) => `${label} ${first.values[i]}`).join(', ') + (labels.length > 12 ? ', …' : '');
}
