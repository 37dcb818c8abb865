/** Shapes the studio client reads from the server's JSON (see server/routes/*). */
export interface User {
  id: string;
  name: string;
  roles: string[];
  partnerId?: string;
}

/** One row of GET /api/periods/:id/statements. */
export interface StatementHeader {
  partnerId: string;
  total: string | null;
  payable: string | null;
  blocked: boolean;
  currency: string;
}
