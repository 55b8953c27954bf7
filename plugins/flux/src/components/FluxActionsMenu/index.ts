export { FluxActionsMenu } from './FluxActionsMenu';
