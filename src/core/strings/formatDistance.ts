/**
 * Formats a cosine distance for people: enough digits to compare with a
 * threshold. The one form of the CLI's reasons and the panel's evidence.
 */
export function formatDistance(distance: number): string {
  if (distance === 0) return '0';
  if (Math.abs(distance) < 0.001) return distance.toExponential(2);
  return distance.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
}
