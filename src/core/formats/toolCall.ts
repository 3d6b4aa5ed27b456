import { createHash } from 'node:crypto';

/**
 * One tool call in a flavour-neutral form. Sources write calls as OpenAI's
 * nested `{id, type, function:{name, arguments}}` or a flat
 * `{name, arguments}`, with arguments as a JSON string or an object.
 */
export interface ToolCall {
  /** The source's id, or a stable made-up one (see {@link madeUpCallId}). */
  id: string;
  /** Whether `id` came from the source. */
  idFromSource: boolean;
  name: string;
  /** The arguments as an object (what Transformers chat templates want). */
  arguments: Record<string, unknown>;
  /** The arguments as the JSON string OpenAI wants: the source string when it was one, else compact JSON. */
  argumentsJson: string;
}

/** Why a call cannot be normalised. */
export type ToolCallProblem = { problem: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A deterministic id for a call the source gave none: the same record and
 * index always give the same id, so re-exports are byte-identical and tool
 * results can point at it.
 */
export function madeUpCallId(recordId: string, index: number): string {
  return `call_${createHash('sha256').update(`${recordId}#${index}`).digest('hex').slice(0, 24)}`;
}

/**
 * Normalises one raw call; `index` is its place in the message's
 * `tool_calls`, used for the made-up id. An empty arguments string counts as
 * `{}` (no-argument calls are written that way); arguments that are not a
 * JSON object are a problem.
 */
export function normaliseToolCall(raw: unknown, recordId: string, index: number): ToolCall | ToolCallProblem {
  if (!isObject(raw)) return { problem: `tool call ${index + 1} of record ${recordId} is not an object` };
  const fn = isObject(raw.function) ? raw.function : raw;
  const name = fn.name;
  if (typeof name !== 'string' || name === '') return { problem: `tool call ${index + 1} of record ${recordId} has no function name` };
  const given = fn.arguments ?? fn.parameters;
  let args: unknown;
  let argumentsJson: string | undefined;
  if (given === undefined || given === null || given === '') {
    args = {};
  } else if (typeof given === 'string') {
    try {
      args = JSON.parse(given);
      argumentsJson = given;
    } catch {
      return { problem: `unparseable arguments in tool call "${name}" of record ${recordId}: not valid JSON` };
    }
  } else {
    args = given;
  }
  if (!isObject(args)) return { problem: `unparseable arguments in tool call "${name}" of record ${recordId}: not a JSON object` };
  const sourceId = typeof raw.id === 'string' && raw.id !== '' ? raw.id : undefined;
  return {
    id: sourceId ?? madeUpCallId(recordId, index),
    idFromSource: sourceId !== undefined,
    name,
    arguments: args,
    argumentsJson: argumentsJson ?? JSON.stringify(args),
  };
}

/** Normalises a message's `tool_calls` (a missing or empty list gives `[]`). */
export function normaliseToolCalls(raw: unknown, recordId: string): ToolCall[] | ToolCallProblem {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return { problem: `tool_calls of record ${recordId} is not a list` };
  const calls: ToolCall[] = [];
  for (let i = 0; i < raw.length; i++) {
    const call = normaliseToolCall(raw[i], recordId, i);
    if ('problem' in call) return call;
    calls.push(call);
  }
  return calls;
}
