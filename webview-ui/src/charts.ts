import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Plugin, PointElement, ScatterController, Tooltip } from 'chart.js';
import type { Histogram } from '../../src/core';
import { el } from './elements';
import { chartColors, onThemeChange } from './theme';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend, ScatterController, PointElement);

/** A vertical marker at a value of a histogram's x axis (the reward threshold), with its label. */
interface Marker {
  /** Fractional bin position: 0 = left edge of the first bin, n = right edge of the last. */
  position: number;
  label: string;
}

const markerPlugin: Plugin<'bar'> = {
  id: 'lanceCuratorMarker',
  afterDatasetsDraw(chart) {
    const marker = (chart.options.plugins as { marker?: Marker } | undefined)?.marker;
    const x = chart.scales.x;
    if (!marker || !x || chart.data.labels === undefined) return;
    const bins = chart.data.labels.length;
    const step = bins > 1 ? x.getPixelForValue(1) - x.getPixelForValue(0) : x.width;
    const pixel = x.getPixelForValue(0) - step / 2 + marker.position * step;
    const { top, bottom } = chart.chartArea;
    const ctx = chart.ctx;
    const colors = chartColors();
    ctx.save();
    ctx.strokeStyle = colors.foreground;
    ctx.setLineDash([4, 3]);
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(pixel, top);
    ctx.lineTo(pixel, bottom);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = colors.foreground;
    ctx.font = '11px sans-serif';
    ctx.textAlign = pixel > (chart.chartArea.left + chart.chartArea.right) / 2 ? 'right' : 'left';
    ctx.fillText(marker.label, pixel + (ctx.textAlign === 'right' ? -4 : 4), top + 10);
    ctx.restore();
  },
};

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
export function barChart(
  title: string,
  labels: string[],
  series: BarSeries[],
  options: { horizontal?: boolean; id?: string; marker?: Marker; hint?: string; integer?: boolean } = {},
): HTMLElement {
  const canvas = el('canvas', { role: 'img', aria: { label: `${title}: ${summarize(labels, series)}` } });
  const caption = el('figcaption', options.hint ? { attrs: { title: options.hint } } : null, title, options.hint ? el('span', { class: 'hint codicon codicon-info', role: 'img', aria: { label: options.hint } }) : null);
  const figure = el('figure', { class: 'chart', dataset: { chart: options.id ?? title } }, caption, el('div', { class: 'chart-canvas' }, canvas));
  const colors = chartColors();
  // Counts are whole numbers: their axis never shows 0.5.
  const countTicks = { color: colors.muted, ...(options.integer !== false ? { precision: 0 } : {}) };
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
      plugins: { legend: { display: series.length > 1, labels: { color: colors.foreground } }, tooltip: { enabled: true }, ...(options.marker ? { marker: options.marker } : {}) } as never,
      scales: options.horizontal
        ? { x: { ticks: countTicks, grid: { color: colors.grid }, beginAtZero: true }, y: { ticks: { color: colors.muted }, grid: { color: colors.grid } } }
        : { x: { ticks: { color: colors.muted, maxRotation: 45, autoSkip: true }, grid: { color: colors.grid } }, y: { ticks: countTicks, grid: { color: colors.grid }, beginAtZero: true } },
    },
    plugins: options.marker ? [markerPlugin] : [],
  });
  charts.add(chart);
  if (!watching) {
    watching = true;
    onThemeChange(recolor);
  }
  return figure;
}

/** A histogram as a bar chart, bins labelled by their range; `marker` draws a value (a threshold) on it. */
export function histogramChart(title: string, histogram: Histogram, id: string, extra: { marker?: { value: number; label: string }; hint?: string } = {}): HTMLElement {
  const width = histogram.edges.length > 1 ? histogram.edges[1] - histogram.edges[0] : 1;
  const integer = Number.isInteger(width) && histogram.edges.every(Number.isInteger);
  const labels = histogram.edges.map((edge) =>
    integer ? (width === 1 ? String(edge) : `${edge}–${edge + width - 1}`) : `${round(edge)}–${round(edge + width)}`,
  );
  const marker = extra.marker && histogram.edges.length > 0 ? { position: binPosition(histogram, width, extra.marker.value), label: extra.marker.label } : undefined;
  return barChart(title, labels, [{ label: 'count', values: histogram.counts }], { id, marker, hint: extra.hint });
}

/** Where `value` falls on the bins, as a fractional bin index (clamped to the axis). */
function binPosition(histogram: Histogram, width: number, value: number): number {
  const position = (value - histogram.edges[0]) / width;
  return Math.max(0, Math.min(histogram.edges.length, position));
}

/**
 * A distribution summary as a box/whisker-style strip: the whisker spans min to
 * max, the box median to p95, the dot is the mean (the stats file holds these
 * five figures, not quartiles).
 */
export function summaryChart(title: string, d: { min: number; median: number; p95: number; max: number; mean: number }, id: string, hint?: string): HTMLElement {
  const canvas = el('canvas', { role: 'img', aria: { label: `${title}: min ${d.min}, median ${d.median}, p95 ${d.p95}, max ${d.max}, mean ${d.mean}` } });
  const caption = el('figcaption', hint ? { attrs: { title: hint } } : null, title, el('span', { class: 'muted' }, ' — whisker min–max, box median–p95, dot mean'));
  const figure = el('figure', { class: 'chart chart-summary', dataset: { chart: id } }, caption, el('div', { class: 'chart-canvas chart-canvas-short' }, canvas));
  const colors = chartColors();
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: [''],
      datasets: [
        { label: 'min – max', data: [[d.min, d.max]] as never, backgroundColor: colors.muted, colorRole: 'muted', barThickness: 3, grouped: false } as never,
        { label: 'median – p95', data: [[d.median, Math.max(d.p95, d.median)]] as never, backgroundColor: colors.series[0], colorRole: 0, barThickness: 18, grouped: false } as never,
        { type: 'scatter', label: 'mean', data: [{ x: d.mean, y: '' }] as never, backgroundColor: colors.foreground, colorRole: 'foreground', pointRadius: 5 } as never,
      ],
    },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: true, labels: { color: colors.foreground } }, tooltip: { enabled: true } },
      scales: { x: { type: 'linear', ticks: { color: colors.muted }, grid: { color: colors.grid } }, y: { ticks: { color: colors.muted }, grid: { display: false } } },
    },
  });
  charts.add(chart);
  return figure;
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
    // Each dataset keeps its role (the box plot's range, box and mean), and the legend's text follows the theme.
    chart.data.datasets.forEach((dataset, i) => {
      const role = (dataset as { colorRole?: 'muted' | 'foreground' | number }).colorRole;
      dataset.backgroundColor = role === 'muted' ? colors.muted : role === 'foreground' ? colors.foreground : colors.series[(role ?? i) % colors.series.length];
    });
    const legend = chart.options.plugins?.legend;
    if (legend?.labels) legend.labels.color = colors.foreground;
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
