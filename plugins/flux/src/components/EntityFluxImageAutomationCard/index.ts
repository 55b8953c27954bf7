export { EntityFluxImageAutomationCard } from './EntityFluxImageAutomationCard';
