import { flattenContent } from './contentParts';
import { Dropped, Turn } from './conversationTurns';

/**
 * Turns as TRL / Transformers chat templates read them: content always a
 * string (text templates print `message.content` as is, so a parts list
 * would reach the model as its Python repr); calls as
 * `{type:"function", function:{name, arguments:<object>}}`; results as
 * `{role:"tool", name, content}`. `developer` is written as `system`
 * (open-model templates know no developer role).
 */
export function trlMessages(turns: Turn[]): object[] | Dropped {
  const out: object[] = [];
  for (const turn of turns) {
    const flat = flattenContent(turn.content);
    if ('nonText' in flat) return { dropped: `record ${turn.recordId} has a "${flat.nonText}" content part; TRL text lines hold strings only` };
    switch (turn.role) {
      case 'assistant': {
        if (turn.toolCalls.length === 0) {
          out.push({ role: 'assistant', content: flat.text });
          break;
        }
        const message: Record<string, unknown> = { role: 'assistant' };
        if (flat.text !== '') message.content = flat.text;
        message.tool_calls = turn.toolCalls.map((call) => ({ type: 'function', function: { name: call.name, arguments: call.arguments } }));
        out.push(message);
        break;
      }
      case 'tool':
        out.push({ role: 'tool', name: turn.call.name, content: flat.text });
        break;
      case 'developer':
        out.push({ role: 'system', content: flat.text });
        break;
      default:
        out.push({ role: turn.role, content: flat.text });
    }
  }
  return out;
}
