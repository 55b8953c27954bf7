/**
 * Scaffolder action `publish:local`: publishes a scaffolded repository as a bare git repository
 * in a local directory, for the embedded, offline portal.
 *
 * @packageDocumentation
 */
export { scaffolderModuleLocalGit as default } from './module';
export {
  createPublishLocalAction,
  resolveLocalGitDirectory,
  LOCAL_REPOSITORY_TOPIC,
  type PublishLocalActionOptions,
} from './actions/publishLocal';
export { LocalGitUrlReader, localGitUrlReaderFactory } from './reader';
