import { normaliseText, wordsOf } from '../../../src/core/curate/text/normaliseText';
import { seeded } from '../../helpers/vectors';

/** Shingle sets as the spec states them, with plain strings: the definition the fast code must match. */
export function referenceShingles(text: string, size: number): Set<string> {
  const words = wordsOf(normaliseText(text));
  const set = new Set<string>();
  if (words.length === 0) return set;
  const width = Math.min(size, words.length);
  for (let i = 0; i + width <= words.length; i++) set.add(words.slice(i, i + width).join(' '));
  return set;
}

export function referenceJaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const s of a) if (b.has(s)) common++;
  return common / (a.size + b.size - common);
}

/**
 * The O(n²) greedy the MinHash dedup approximates: in listing order, a unit
 * goes when an earlier KEPT unit has exact Jaccard ≥ threshold; it names the
 * earliest. Ids in `keep` stay and count as kept.
 */
export function referenceDedup(
  units: readonly { id: string; text: string }[],
  options: { threshold: number; shingleSize: number; keep?: ReadonlySet<string> },
): Map<number, { of: number; similarity: number }> {
  const sets = units.map((u) => referenceShingles(u.text, options.shingleSize));
  const kept: number[] = [];
  const removed = new Map<number, { of: number; similarity: number }>();
  for (let i = 0; i < units.length; i++) {
    let match: { of: number; similarity: number } | undefined;
    if (sets[i].size > 0 && !options.keep?.has(units[i].id)) {
      for (const k of kept) {
        const similarity = referenceJaccard(sets[i], sets[k]);
        if (similarity >= options.threshold) {
          match = { of: k, similarity };
          break;
        }
      }
    }
    if (match) removed.set(i, match);
    else kept.push(i);
  }
  return removed;
}

const FULL_WIDTH_OFFSET = 0xff21 - 0x41;

/** Rewrites a text the way the normalisation must undo: full-width letters, the 'ﬁ' ligature, case and odd whitespace. */
export function disguise(text: string, random: () => number): string {
  let out = '';
  for (const word of text.split(' ')) {
    let w = word;
    const style = random();
    if (style < 0.2) w = w.toUpperCase();
    else if (style < 0.35) w = [...w].map((c) => (/[A-Za-z]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + FULL_WIDTH_OFFSET) : c)).join('');
    else if (style < 0.5) w = w.replace(/fi/g, 'ﬁ');
    out += (out === '' ? '' : random() < 0.5 ? ' ' : random() < 0.5 ? '\t\n ' : '\u00a0\u3000') + w;
  }
  return random() < 0.5 ? `  ${out}\n` : out;
}

const LATIN = 'fish fig find fine fit first fifty field file film final finger fire five fix'.split(' ');
const CJK = '数据 模型 训练 评估 文本 去重 相似 集合 哈希 分片 样本 记录 会话 代理 上下文'.split(' ');
const EMOJI = ['🙂', '🚀', '👍🏽', '🇫🇷', '👨‍👩‍👧', '🔥', '✨', '🧪'];

/**
 * Seeded units with planted near-duplicates: Latin words (many with "fi", so
 * the ligature matters), CJK words and emoji; copies are disguised and have
 * up to `maxEdits` words replaced.
 */
export function plantedUnits(n: number, options: { seed: number; duplicates?: number; maxEdits?: number; words?: number }): { id: string; text: string }[] {
  const random = seeded(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const word = () => {
    const r = random();
    if (r < 0.15) return pick(CJK);
    if (r < 0.2) return pick(EMOJI);
    return pick(LATIN) + Math.floor(random() * 400);
  };
  const units: { id: string; text: string }[] = [];
  const plain: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && random() < (options.duplicates ?? 0.4)) {
      const tokens = plain[Math.floor(random() * i)].split(' ');
      const edits = Math.floor(random() * ((options.maxEdits ?? 4) + 1));
      for (let e = 0; e < edits; e++) tokens[Math.floor(random() * tokens.length)] = word();
      plain.push(tokens.join(' '));
      units.push({ id: `u${i}`, text: disguise(tokens.join(' '), random) });
      continue;
    }
    const length = Math.max(1, Math.round((options.words ?? 40) * (0.5 + random())));
    const text = Array.from({ length }, word).join(' ');
    plain.push(text);
    units.push({ id: `u${i}`, text });
  }
  return units;
}
