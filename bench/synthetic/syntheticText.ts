import { SeededRandom } from './seededRandom';

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ra', 'to', 'su', 've', 'di', 'po', 'an', 'el', 'or', 'un', 'is', 'ba', 'qu', 'ze', 'fi', 'gro'];
const COMMON = 'the a to of and in is it you that for on with this be are as can if not or your we will what how do my'.split(' ');

/**
 * Message text with realistic lengths (log-normal: user turns ~150 characters
 * median, assistant turns ~700) made of topic words and common words, so
 * payload sizes and word counts look like a chat log's.
 */
export class SyntheticText {
  private readonly vocabulary: string[] = [];
  private readonly topicWords: string[][] = [];

  constructor(
    topics: number,
    private readonly random: SeededRandom,
  ) {
    for (let i = 0; i < 4000; i++) {
      const syllables = 1 + random.int(3);
      let word = '';
      for (let s = 0; s < syllables; s++) word += random.pick(SYLLABLES);
      this.vocabulary.push(word);
    }
    for (let t = 0; t < topics; t++) {
      const words: string[] = [];
      for (let i = 0; i < 40; i++) words.push(random.pick(this.vocabulary));
      this.topicWords.push(words);
    }
  }

  /** A message of `role` about topic `t`. */
  message(role: string, t: number): string {
    const median = role === 'assistant' ? 700 : role === 'tool' ? 300 : 150;
    const target = Math.min(12000, Math.max(8, Math.round(this.random.logNormal(Math.log(median), 0.7))));
    const topic = this.topicWords[t];
    const parts: string[] = [];
    let length = 0;
    let sentence = 0;
    while (length < target) {
      const roll = this.random.next();
      let word = roll < 0.35 ? this.random.pick(COMMON) : roll < 0.75 ? this.random.pick(topic) : this.random.pick(this.vocabulary);
      if (sentence === 0) word = word[0].toUpperCase() + word.slice(1);
      sentence++;
      if (sentence > 6 && this.random.next() < 0.12) {
        word += '.';
        sentence = 0;
      }
      parts.push(word);
      length += word.length + 1;
    }
    return parts.join(' ');
  }

  /** `text` with a few words changed, as a re-sent or lightly edited message. */
  nearDuplicate(text: string): string {
    const words = text.split(' ');
    const edits = Math.max(1, Math.round(words.length * 0.03));
    for (let i = 0; i < edits; i++) words[this.random.int(words.length)] = this.random.pick(this.vocabulary);
    return words.join(' ');
  }
}
