export type { QueueOptions, QueueLogger } from './options';
export { DEFAULT_PREFIX } from './options';
export { createQueueBundleRunner, type QueueRunnerOptions } from './queue-runner';
export { startBundleWorker, type BundleWorker, type BundleWorkerOptions } from './worker';
export type { Renderer } from './renderer';
export type { JobEvent, JobObserver } from './worker-observer';
export { queueLeftovers } from './leftovers';
export { createJobCounter, type JobCounter } from './job-counts';
