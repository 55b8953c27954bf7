/** What a repository is, inferred from its tree listing and a few well-known files. */
export { inferRepository, CATALOG_FILES } from './inferRepository';
export { RULES, classify } from './rules';
export type { InferenceRule } from './rules';
export {
  CodeOwners,
  CODEOWNERS_LOCATIONS,
  findCodeOwnersFile,
  ownerRef,
} from './codeowners';
export type { CodeOwnersRule } from './codeowners';
export { parseTerraformCloud } from './terraform';
export {
  toEntityName,
  partName,
  uniqueNames,
  environmentFromName,
} from './names';
