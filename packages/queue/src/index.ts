/**
 * `@provvigo/queue`: period runs split into partitions by partner, evaluated by BullMQ workers on any machine, with
 * the PostgreSQL store as the one place results land.
 */
export { evaluateOnQueue, QueueRunError } from './evaluateOnQueue.js';
export { QueueError } from './errors.js';
export type { EvaluateOnQueueOptions, QueueProgress } from './evaluateOnQueue.js';
export { calculatePeriodOnQueue } from './calculatePeriodOnQueue.js';
export type { CalculateOnQueueArgs } from './calculatePeriodOnQueue.js';
export { startPartitionWorker } from './worker.js';
export type { PartitionTiming, PartitionWorker, PartitionWorkerOptions, WorkerEvent } from './worker.js';
export { DEFAULT_PREFIX, DEFAULT_QUEUE_NAME, maskRedisUrl, parseQueueUrl } from './connection.js';
export type { QueueTarget } from './connection.js';
export { splitInput, partitionOfPartners, defaultPartitionCount } from './partitions.js';
export type { PartitionInput } from './partitions.js';
export { QUEUE_MIGRATIONS } from './migrations.js';
export { PartitionJobSchema, PartitionProgressSchema } from './jobs.js';
export type { PartitionJob, PartitionProgress, PartitionJobResult } from './jobs.js';
export { queueStatus } from './queueStatus.js';
export type { QueueStatus } from './queueStatus.js';
