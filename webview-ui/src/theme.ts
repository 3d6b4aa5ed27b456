/**
 * Colours for charts from the `--vscode-*` variables of the current theme
 * (canvas cannot use CSS variables), refreshed when the theme changes.
 */
export interface ChartColors {
  foreground: string;
  muted: string;
  grid: string;
  series: string[];
  good: string;
  bad: string;
}

function variable(name: string, fallback: string): string {
  const value = getComputedStyle(document.body).getPropertyValue(name).trim();
  return value || fallback;
}

export function chartColors(): ChartColors {
  return {
    foreground: variable('--vscode-foreground', '#cccccc'),
    muted: variable('--vscode-descriptionForeground', '#999999'),
    grid: variable('--vscode-editorWidget-border', 'rgba(128,128,128,0.35)'),
    series: [
      variable('--vscode-charts-blue', '#3794ff'),
      variable('--vscode-charts-green', '#89d185'),
      variable('--vscode-charts-orange', '#d18616'),
      variable('--vscode-charts-purple', '#b180d7'),
      variable('--vscode-charts-yellow', '#cca700'),
      variable('--vscode-charts-red', '#f14c4c'),
    ],
    good: variable('--vscode-charts-green', '#89d185'),
    bad: variable('--vscode-charts-red', '#f14c4c'),
  };
}

/** Calls `onChange` when VS Code switches the theme (it changes the body's class). */
export function onThemeChange(onChange: () => void): void {
  new MutationObserver(onChange).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
