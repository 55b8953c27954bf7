export {
  GithubArtifactsPlanSource,
  type GithubArtifactsPlanSourceOptions,
} from './GithubArtifactsPlanSource';
