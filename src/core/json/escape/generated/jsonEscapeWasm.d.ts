/** The JSON escaper (jsonEscape.wat) compiled by scripts/build.mjs, base64-encoded. */
export declare const JSON_ESCAPE_WASM_BASE64: string;
