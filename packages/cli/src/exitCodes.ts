/** Exit codes: 0 ok, 1 plan or data issues, 2 usage or IO error. */
export const EXIT = { ok: 0, issues: 1, usage: 2 } as const;
