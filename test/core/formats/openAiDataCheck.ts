/**
 * The format checks of OpenAI's data-preparation cookbook
 * (openai-cookbook examples/Chat_finetuning_data_prep.ipynb), extended to
 * tool calls as the fine-tuning spec has them: every example has messages
 * and an assistant message, roles are known, keys are known, content is a
 * string (or parts on user messages), and every tool message's
 * `tool_call_id` answers a call made before it.
 */
export function openAiFormatErrors(example: Record<string, unknown>, roles = ['system', 'user', 'assistant', 'tool']): string[] {
  const errors: string[] = [];
  const messages = example.messages;
  if (!Array.isArray(messages) || messages.length === 0) return ['missing_messages_list'];
  const calls = new Set<string>();
  for (const message of messages as Record<string, unknown>[]) {
    if (!('role' in message)) errors.push('message_missing_key');
    for (const key of Object.keys(message)) {
      if (!['role', 'content', 'name', 'tool_calls', 'tool_call_id', 'weight'].includes(key)) errors.push(`message_unrecognized_key:${key}`);
    }
    if (!roles.includes(String(message.role))) errors.push(`unrecognized_role:${String(message.role)}`);
    const content = message.content;
    const partsAllowed = message.role === 'user' && Array.isArray(content);
    if (message.role === 'assistant' && content === undefined && !Array.isArray(message.tool_calls)) errors.push('missing_content');
    if (content !== undefined && typeof content !== 'string' && !partsAllowed) errors.push('missing_content');
    for (const call of (message.tool_calls as Record<string, unknown>[] | undefined) ?? []) {
      const fn = call.function as Record<string, unknown> | undefined;
      if (typeof call.id !== 'string' || call.type !== 'function' || typeof fn?.name !== 'string' || typeof fn.arguments !== 'string') errors.push('bad_tool_call');
      else calls.add(call.id);
    }
    if (message.role === 'tool' && !calls.has(String(message.tool_call_id))) errors.push('tool_call_id_without_call');
  }
  if (!(messages as Record<string, unknown>[]).some((m) => m.role === 'assistant') && roles.includes('assistant') && !roles.includes('developer')) {
    errors.push('example_missing_assistant_message');
  }
  return errors;
}
