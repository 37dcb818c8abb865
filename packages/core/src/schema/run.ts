import { z } from 'zod';
import { ownRecord } from './ownRecord.js';
import { PeriodSchema } from './result.js';

/** A period run's lifecycle (ARCHITECTURE §2, Run). Only forward moves, except recalculating before approval. */
export const RunStateSchema = z.enum(['draft', 'calculated', 'validated', 'approved', 'invoiced', 'posted']);
export type RunState = z.infer<typeof RunStateSchema>;

/** What a person may do. A person may hold several roles; four-eyes still applies per run. */
export const RoleSchema = z.enum(['planDesigner', 'calculator', 'approver', 'partner']);
export type Role = z.infer<typeof RoleSchema>;

export const ActorSchema = z.object({ id: z.string().min(1), roles: z.array(RoleSchema) }).strict();
export type Actor = z.infer<typeof ActorSchema>;

/**
 * The actions that move a run. `open` creates the draft. `reject`: an approver sends a calculated or validated run back
 * with a reason (state `calculated`); it must be recalculated before it can be validated again.
 */
export const RunActionSchema = z.enum(['open', 'calculate', 'validate', 'approve', 'invoice', 'post', 'reject']);
export type RunAction = z.infer<typeof RunActionSchema>;

/** Stable codes of every refusal of the run state machine: callers and tests switch on them. */
export const RunErrorCodeSchema = z.enum([
  /** The actor lacks the role the action needs. */
  'forbidden',
  /** The approver is the one who calculated the run. */
  'four_eyes',
  /** The action is not allowed from the run's state (e.g. validate a draft). */
  'invalid_transition',
  /** The run is approved (or later): its results can never change. */
  'run_immutable',
  /** Every requested partner is blocked: nothing to approve. */
  'nothing_to_approve',
  /** A requested partner has no statement in the run. */
  'unknown_partner',
  /** The statements given do not belong to this run (period or output hash differ). */
  'output_mismatch',
  /** A required argument is missing or malformed (e.g. calculate without hashes). */
  'invalid_argument',
]);
export type RunErrorCode = z.infer<typeof RunErrorCodeSchema>;

export const RunErrorSchema = z.object({
  code: RunErrorCodeSchema,
  /** In English. */
  message: z.string(),
  /** The refusal in both of the product's languages, for a CLI or UI to show in its reader's (absent in older data). */
  messages: z.object({ it: z.string(), en: z.string() }).optional(),
  runId: z.string().optional(),
});
export type RunErrorData = z.infer<typeof RunErrorSchema>;

/** Why a partner could not be approved: the erroneous lines and issues of its statement. */
export const BlockReasonSchema = z.object({
  code: z.string(),
  /** In English, as the issue's `message`. */
  message: z.string(),
  /** The reason in both of the product's languages, for a reader in either (the issue's `messages`). */
  messages: z.object({ it: z.string(), en: z.string() }).optional(),
  lineId: z.string().optional(),
});
export type BlockReason = z.infer<typeof BlockReasonSchema>;

export const PartnerApprovalSchema = z.object({
  /** Partners whose statements are approved in this run (sorted). */
  approved: z.array(z.string()),
  /** Partners that could not be approved, with reasons (sorted by partner id). Their statements need a new run. */
  blocked: z.array(z.object({ partnerId: z.string(), reasons: z.array(BlockReasonSchema) })),
  /** Partners with a statement that the approver chose not to approve in this run (sorted). */
  skipped: z.array(z.string()),
});
export type PartnerApproval = z.infer<typeof PartnerApprovalSchema>;

export const RunHistoryItemSchema = z.object({
  action: RunActionSchema,
  from: RunStateSchema.nullable(),
  to: RunStateSchema,
  actor: z.string(),
  at: z.string(),
});
export type RunHistoryItem = z.infer<typeof RunHistoryItemSchema>;

/**
 * A period run as persisted by the store. Core never reads a clock: every timestamp (`at`, ISO 8601) is passed in by
 * the caller. An approved run is immutable: transitions return new objects and refuse to change its results.
 */
export const RunRecordSchema = z.object({
  id: z.string().min(1),
  period: PeriodSchema,
  state: RunStateSchema,
  /** Plan versions evaluated, with their hashes (set by `calculate`). */
  plans: z.array(z.object({ id: z.string(), version: z.number(), hash: z.string() })),
  /** Hash of the run's inputs and of its output (RunResult.inputHash / outputHash), set by `calculate`. */
  inputHash: z.string().nullable(),
  outputHash: z.string().nullable(),
  /** When this run recalculates an approved run of the same period, that run's id (its deltas become adjustments). */
  recalculates: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  calculatedBy: z.string().nullable(),
  calculatedAt: z.string().nullable(),
  validatedBy: z.string().nullable(),
  validatedAt: z.string().nullable(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  invoicedBy: z.string().nullable(),
  invoicedAt: z.string().nullable(),
  postedBy: z.string().nullable(),
  postedAt: z.string().nullable(),
  /** Per-partner outcome of approval; null before approval. */
  partners: PartnerApprovalSchema.nullable(),
  history: z.array(RunHistoryItemSchema),
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

/**
 * One entry of the append-only audit log. `hash` = sha-256 of the canonical JSON of every other field (including
 * `prevHash`), so editing, removing or reordering entries breaks the chain (see `verifyAuditLog`).
 */
export const AuditEntrySchema = z.object({
  /** 1, 2, 3… without gaps. */
  seq: z.number().int().positive(),
  at: z.string(),
  actor: z.string(),
  action: z.string().min(1),
  runId: z.string().nullable(),
  inputHash: z.string().nullable(),
  outputHash: z.string().nullable(),
  /** Small JSON details (partners approved, blocked, period…). */
  details: ownRecord(z.string(), z.unknown()),
  /** Hash of the previous entry; 64 zeros for the first. */
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** What a caller records; `appendAudit` adds seq, prevHash and hash. */
export const AuditInputSchema = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string().min(1),
  runId: z.string().nullable().optional(),
  inputHash: z.string().nullable().optional(),
  outputHash: z.string().nullable().optional(),
  details: ownRecord(z.string(), z.unknown()).optional(),
});
export type AuditInput = z.infer<typeof AuditInputSchema>;
