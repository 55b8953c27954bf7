export { FluxClusterContent } from './FluxClusterContent';
