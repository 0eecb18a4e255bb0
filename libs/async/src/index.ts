export { ConcurrencyLimit } from './concurrency-limit';
export { MicroBatcher, type BatchFlush, type MicroBatcherOptions } from './micro-batcher';
