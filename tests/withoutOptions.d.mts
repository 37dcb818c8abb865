// Types of withoutOptions.mjs for the test that imports it (the module itself stays plain JavaScript).
export declare const emptyInput: unknown;
export declare const calls: Record<string, () => unknown>;
export declare const defaulted: { evaluate: () => { statements: unknown[]; issues: unknown[] } };
