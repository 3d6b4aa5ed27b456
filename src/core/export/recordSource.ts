import type { RecordSignals } from '../listing/recordSignals';
import type { TextColumn } from '../store/payloadColumns';
import type { RowTable } from '../store/rowTable';

/** What the example builders read about records. */
export interface RecordSource {
  table: RowTable;
  signals: RecordSignals;
  texts: TextColumn;
  /** The store's texts before review edits (`--labels`), for the rejected side of an edit pair. */
  originalTexts?: TextColumn;
  contextUri: string;
  version: number;
}
