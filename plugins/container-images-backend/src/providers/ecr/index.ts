export { EcrProvider, type EcrProviderOptions } from './EcrProvider';
export {
  parseEcrRef,
  ecrConsoleUrl,
  ecrRegistryHost,
  ecrRepositoryArn,
  type EcrDefaults,
  type ParsedEcrRef,
} from './parseEcrRef';
export { summariseLifecyclePolicy } from './lifecycle';
