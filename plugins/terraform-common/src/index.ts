/**
 * Types, annotations and permissions shared by the Terraform plans plugin's frontend and
 * backend.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './annotations';
export * from './permissions';
