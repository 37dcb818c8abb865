export { AUDIT_GENESIS, auditEntryHash, createAuditEntry, appendAudit, verifyAuditLog } from './auditLog.js';
export type { AuditProblem, AuditVerification } from './auditLog.js';
export { AUDIT_CSV_COLUMNS } from './auditCsv.js';
