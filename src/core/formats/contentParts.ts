/**
 * Message content as trainers accept it. Agent frameworks write content as a
 * string or as a list of parts (`{type:"text", text}`, `{type:"image_url", …}`);
 * text-only trainers and chat templates want a string.
 */

/** What a content value flattens to: the text, or why it cannot be text. */
export type FlatContent = { text: string } | { nonText: string };

function partText(part: unknown): string | undefined {
  if (typeof part === 'string') return part;
  if (typeof part !== 'object' || part === null) return undefined;
  const { type, text } = part as { type?: unknown; text?: unknown };
  if ((type === 'text' || type === 'input_text' || type === 'output_text' || type === undefined) && typeof text === 'string') return text;
  return undefined;
}

/** The separator between text parts when a list is flattened to one string. */
export const PART_SEPARATOR = '\n';

/**
 * Flattens content to one string: a string as is, missing/null as `""`, a
 * list of text parts joined with {@link PART_SEPARATOR}; a list holding any
 * other part (an image) cannot be flattened and says which part type.
 */
export function flattenContent(content: unknown): FlatContent {
  if (content === undefined || content === null) return { text: '' };
  if (typeof content === 'string') return { text: content };
  if (Array.isArray(content)) {
    const texts: string[] = [];
    for (const part of content) {
      const text = partText(part);
      if (text === undefined) {
        const type = typeof part === 'object' && part !== null ? String((part as { type?: unknown }).type ?? 'unknown') : typeof part;
        return { nonText: type };
      }
      texts.push(text);
    }
    return { text: texts.join(PART_SEPARATOR) };
  }
  return { nonText: typeof content };
}

/** True when the content is a list holding at least one non-text part. */
export function hasNonTextParts(content: unknown): boolean {
  return Array.isArray(content) && 'nonText' in flattenContent(content);
}
