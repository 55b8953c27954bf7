/**
 * Catalogs every repository of a GitHub organisation or of a directory of local git repositories,
 * with or without a catalog-info.yaml, and every Kubernetes cluster.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './annotations';
