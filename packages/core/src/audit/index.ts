export { AUDIT_GENESIS, auditEntryHash, createAuditEntry, appendAudit, verifyAuditLog } from './auditLog.js';
export type { AuditProblem, AuditVerification } from './auditLog.js';
