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
  /**
   * Set when the run read texts on demand (a preview plan): reads the texts of
   * `rows` before `texts` is asked for them. Word counts are there already.
   */
  readTexts?: (rows: ArrayLike<number>, signal?: AbortSignal) => Promise<void>;
  contextUri: string;
  version: number;
}
