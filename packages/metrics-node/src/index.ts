/**
 * The portal's backend metrics: one naming scheme for the request counts and latencies, cache
 * lookups and upstream calls of every backend plugin of ours, on Backstage's metrics service.
 *
 * @packageDocumentation
 */
export * from './metrics';
