export { fluxApiRef } from './FluxApi';
export type { FluxApi, FluxEntityRef, FluxReadOptions } from './FluxApi';
export { FluxClient } from './FluxClient';
