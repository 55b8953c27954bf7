export { FluxStatusChip, statusLabel } from './FluxStatusChip';
