import { flattenContent } from './contentParts';
import { Dropped, Turn } from './conversationTurns';

/** Which OpenAI fine-tuning method a line is for; each takes a slightly different message set. */
export type OpenAiMethod = 'sft' | 'dpo' | 'rft';

/**
 * Turns as OpenAI fine-tuning lines hold them. Calls are
 * `{id, type:"function", function:{name, arguments:"<JSON string>"}}` and
 * results `{role:"tool", tool_call_id, content}` with the id of the paired
 * call. Content parts: SFT and RFT keep a user message's list (text and
 * image parts are accepted there); every other role, and every DPO message
 * ("text only"), is flattened to a string, and a non-text part there drops
 * the example. Roles: SFT/DPO write `developer` as `system`; RFT has no
 * `system` and writes it as `developer`.
 */
export function openaiMessages(turns: Turn[], method: OpenAiMethod): object[] | Dropped {
  const out: object[] = [];
  for (const turn of turns) {
    const keepParts = method !== 'dpo' && turn.role === 'user' && Array.isArray(turn.content);
    let content: unknown;
    if (keepParts) {
      content = turn.content;
    } else {
      const flat = flattenContent(turn.content);
      if ('nonText' in flat) return { dropped: `record ${turn.recordId} has a "${flat.nonText}" content part where OpenAI takes text only` };
      content = flat.text;
    }
    switch (turn.role) {
      case 'assistant': {
        const message: Record<string, unknown> = { role: 'assistant' };
        if (turn.toolCalls.length === 0 || content !== '') message.content = content;
        if (turn.toolCalls.length > 0) {
          message.tool_calls = turn.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.argumentsJson } }));
        }
        if (turn.weight !== undefined && method === 'sft') message.weight = turn.weight;
        out.push(message);
        break;
      }
      case 'tool':
        out.push({ role: 'tool', tool_call_id: turn.call.id, content });
        break;
      case 'system':
      case 'developer':
        out.push({ role: method === 'rft' ? 'developer' : 'system', content });
        break;
      default:
        out.push({ role: turn.role, content });
    }
  }
  return out;
}
