/**
 * Scaffolder action `portal:repo:prepare`: where a new repository is published, and a name that
 * is already taken refused before anything is created.
 *
 * @packageDocumentation
 */
export { scaffolderModulePortal as default } from './module';
export {
  createPrepareRepoAction,
  readPublishTarget,
  NEW_REPO_NAME_PATTERN,
  type PrepareRepoActionOptions,
  type PublishTarget,
} from './actions/prepareRepo';
export {
  createRepoBranchAction,
  type RepoBranchActionOptions,
} from './actions/repoBranch';
export {
  createCatalogWaitAction,
  type CatalogWaitActionOptions,
} from './actions/catalogWait';
