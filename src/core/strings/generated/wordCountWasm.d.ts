/** The word counter (wordCount.wat) compiled by scripts/buildKernel.mjs, base64-encoded. */
export declare const WASM_BASE64: string;
