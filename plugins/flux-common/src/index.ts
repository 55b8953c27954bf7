/**
 * Types, kstatus-style status of Flux objects, annotations and permissions shared by the Flux
 * plugin's frontend and backend.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './status';
export * from './annotations';
export * from './permissions';
export * from './api';
