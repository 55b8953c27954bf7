export {
  OciRegistryProvider,
  type OciRegistryConfig,
  type OciRegistryProviderOptions,
} from './OciRegistryProvider';
