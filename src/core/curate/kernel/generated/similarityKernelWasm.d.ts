/** The similarity kernel (similarityKernel.wat) compiled by scripts/build.mjs, base64-encoded. */
export declare const SIMILARITY_KERNEL_WASM_BASE64: string;
