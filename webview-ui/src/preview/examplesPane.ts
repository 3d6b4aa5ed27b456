import type { ExportOptions } from '../../../src/core/options/exportOptions';
import { ExamplesRequest, PlanView } from '../../../src/protocol/messages';
import type { RpcEndpoint } from '../../../src/protocol/rpc';
import { el } from '../elements';
import { DEFAULT_LIST_QUERY, examplesList, ListQuery } from './examplesList';
import { examplesView } from './examplesView';

type Side = PlanView['output']['side'];

export interface ExamplesPaneContext {
  host: RpcEndpoint;
  /** The options the counts on screen were made with: the worker lists the examples of that plan. */
  options: ExportOptions;
  queries: Partial<Record<Side, ListQuery>>;
  onQuery(side: Side, query: ListQuery): void;
  onOpenGroup(key: string, side: Side): void;
}

/** The Examples tab: each output's examples, all of them, in a searchable, sortable virtualised list. */
export function examplesPane(plan: PlanView, context: ExamplesPaneContext): HTMLElement[] {
  const outputs = plan.eval ? [plan.output, plan.eval] : [plan.output];
  return outputs.map((output) =>
    el(
      'section',
      null,
      outputs.length > 1 ? el('h2', null, `${output.side} side`) : null,
      examplesView(output, (card) =>
        examplesList(output, context.queries[output.side] ?? DEFAULT_LIST_QUERY, {
          fetchWindow: (query, signal) => context.host.request(ExamplesRequest, { options: context.options, side: output.side, ...query }, { signal }),
          card,
          onOpenGroup: (key) => context.onOpenGroup(key, output.side),
          onQuery: (query) => context.onQuery(output.side, query),
        }),
      ),
    ),
  );
}
