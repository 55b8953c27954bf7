/**
 * Types, tag classification, annotations and permissions shared by the container images
 * plugin's frontend and backend.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './classify';
export * from './annotations';
export * from './permissions';
