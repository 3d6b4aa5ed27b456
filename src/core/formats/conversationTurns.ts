import { SourceMessage } from './sourceMessage';
import { normaliseToolCalls, ToolCall } from './toolCall';

/** Roles a turn may have; `function` (OpenAI's deprecated role) and anything else are refused. */
export type TurnRole = 'system' | 'developer' | 'user' | 'assistant' | 'tool';

const ROLES: ReadonlySet<string> = new Set<TurnRole>(['system', 'developer', 'user', 'assistant', 'tool']);

/**
 * A message after normalisation and before a flavour writes it: calls
 * normalised, each tool result paired with the call it answers.
 */
export type Turn =
  | { role: 'system' | 'developer' | 'user'; content: unknown; recordId: string }
  | { role: 'assistant'; content: unknown; toolCalls: ToolCall[]; weight?: 0 | 1; recordId: string }
  | { role: 'tool'; content: unknown; call: ToolCall; recordId: string };

/** A conversation a trainer would reject, and why. */
export type Dropped = { dropped: string };

export function isDropped(value: unknown): value is Dropped {
  return typeof value === 'object' && value !== null && 'dropped' in value;
}

/**
 * Normalises messages into turns. Tool results are paired with a call of an
 * earlier assistant turn: by `tool_call_id`, else by `name` (first unanswered
 * call of that name), else (no name) the first unanswered call. A result with
 * no call to pair with drops the conversation: OpenAI refuses it and a
 * template would show an answer to nothing.
 */
export function conversationTurns(messages: SourceMessage[]): Turn[] | Dropped {
  const turns: Turn[] = [];
  const calls: ToolCall[] = [];
  const answered = new Set<ToolCall>();
  for (const message of messages) {
    const { role, recordId } = message;
    if (!ROLES.has(role)) return { dropped: `record ${recordId} has role "${role}", which trainers do not accept` };
    if (role === 'assistant') {
      const toolCalls = normaliseToolCalls(message.tool_calls, recordId);
      if ('problem' in toolCalls) return { dropped: toolCalls.problem };
      calls.push(...toolCalls);
      const turn: Turn = { role, content: message.content, toolCalls, recordId };
      if (message.weight === 0 || message.weight === 1) turn.weight = message.weight;
      turns.push(turn);
    } else if (role === 'tool') {
      const call = pairResult(message, calls, answered);
      if (call === undefined) return { dropped: `tool result ${recordId} has no call to pair with` };
      answered.add(call);
      turns.push({ role, content: message.content, call, recordId });
    } else {
      turns.push({ role: role as 'system' | 'developer' | 'user', content: message.content, recordId });
    }
  }
  return turns;
}

function pairResult(message: SourceMessage, calls: ToolCall[], answered: Set<ToolCall>): ToolCall | undefined {
  const open = calls.filter((call) => !answered.has(call));
  if (typeof message.tool_call_id === 'string' && message.tool_call_id !== '') {
    const byId = open.find((call) => call.id === message.tool_call_id);
    if (byId) return byId;
  }
  if (typeof message.name === 'string' && message.name !== '') return open.find((call) => call.name === message.name);
  return open[0];
}
