/** Counts texts off the main thread: the counts of `texts`, in order. */
export interface TextCounting {
  count(texts: string[]): Promise<Int32Array>;
}
