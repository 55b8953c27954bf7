export { EntityFluxSourcesCard } from './EntityFluxSourcesCard';
