import { LossMask } from './lossMask';

type Message = { role?: unknown; content?: unknown };

/** The text a message contributes to a rendered template (string content, or the text of its parts). */
function contentText(message: Message): string {
  if (typeof message.content === 'string') return message.content;
  if (Array.isArray(message.content)) {
    return message.content.map((part) => (typeof part === 'object' && part !== null && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : '')).join('');
  }
  return '';
}

function messagesOf(value: unknown): Message[] {
  return Array.isArray(value) ? (value as Message[]) : [];
}

/**
 * Where in the rendered training text the loss applies, as [start, end)
 * character spans: the whole text for `sequence`, the trained messages'
 * content for `messages`, the completion (chosen/rejected, outputs) for
 * `completion`, nothing for `none`. Each message's content is found in the
 * rendered text after the previous one, so repeated phrases map in order; a
 * content the template rewrote (and so cannot be found) is left unmarked.
 */
export function lossSpansOf(rendered: string, loss: LossMask, line: Record<string, unknown>): [number, number][] {
  if (loss.scope === 'none') return [];
  if (loss.scope === 'sequence') return rendered.length > 0 ? [[0, rendered.length]] : [];
  const targets: string[] =
    loss.scope === 'messages'
      ? (loss.trainedMessages ?? []).map((i) => contentText(messagesOf(line.messages)[i] ?? {}))
      : ['completion', 'chosen', 'rejected', 'preferred_output', 'non_preferred_output'].flatMap((key) => messagesOf(line[key]).map(contentText));
  const spans: [number, number][] = [];
  let cursor = 0;
  for (const text of targets) {
    if (!text) continue;
    const at = rendered.indexOf(text, cursor);
    if (at < 0) continue;
    spans.push([at, at + text.length]);
    cursor = at + text.length;
  }
  return spans;
}
