export { EntityFluxDeploymentsCard } from './EntityFluxDeploymentsCard';
