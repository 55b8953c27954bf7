import { FileReader } from './reader';
import { RepoTree, joinPath } from './tree';

/**
 * Files that usually hold the `terraform { cloud { ... } }` block, in the order they are read.
 * Only these, at a component's root and in its `terraform/` directory, are read.
 */
export const TERRAFORM_BLOCK_FILES = [
  'backend.tf',
  'terraform.tf',
  'versions.tf',
  'providers.tf',
  'main.tf',
] as const;

/** Removes `#`, `//` and `/* *\/` comments, leaving strings alone. */
function stripComments(hcl: string): string {
  let out = '';
  let i = 0;
  while (i < hcl.length) {
    const c = hcl[i];
    if (c === '"') {
      const start = i++;
      while (i < hcl.length && hcl[i] !== '"' && hcl[i] !== '\n') {
        i += hcl[i] === '\\' ? 2 : 1;
      }
      out += hcl.slice(start, ++i);
    } else if (c === '#' || (c === '/' && hcl[i + 1] === '/')) {
      while (i < hcl.length && hcl[i] !== '\n') i++;
    } else if (c === '/' && hcl[i + 1] === '*') {
      const end = hcl.indexOf('*/', i + 2);
      i = end < 0 ? hcl.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The body of the block whose opening `{` is at `open`, without the braces. */
function blockBody(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

/** The body of the first nested block `<name> {` (or `<name> "<label>" {`) of a body. */
function nestedBlock(body: string, pattern: RegExp): string | undefined {
  const match = pattern.exec(body);
  return match ? blockBody(body, match.index + match[0].length - 1) : undefined;
}

/** Removes nested blocks so attributes are only matched at the top level of a body. */
function topLevel(body: string): string {
  let out = '';
  let depth = 0;
  for (const c of body) {
    if (c === '{') depth++;
    if (depth === 0) out += c;
    if (c === '}') depth = Math.max(0, depth - 1);
  }
  return out;
}

function stringAttribute(body: string, name: string): string | undefined {
  return new RegExp(`(?:^|\\s)${name}\\s*=\\s*"([^"]+)"`).exec(
    topLevel(body),
  )?.[1];
}

function tagsAttribute(body: string): string[] {
  const list = /(?:^|\s)tags\s*=\s*\[([^\]]*)\]/.exec(body);
  if (list) return [...list[1].matchAll(/"([^"]+)"/g)].map(m => m[1]);
  const map = /(?:^|\s)tags\s*=\s*\{([^}]*)\}/.exec(body);
  if (map) {
    return [...map[1].matchAll(/"?([\w.:-]+)"?\s*=\s*"([^"]*)"/g)].map(
      m => `${m[1]}=${m[2]}`,
    );
  }
  const single = stringAttribute(body, 'tags');
  return single ? [single] : [];
}

/**
 * The HCP Terraform (Terraform Cloud) workspaces a configuration names in its `cloud` block or
 * `backend "remote"` block, as `<organization>/<workspace>`:
 * - `workspaces { name = "edge-prod" }` → `orbital-data/edge-prod`;
 * - `workspaces { prefix = "edge-" }` (remote backend) → `orbital-data/edge-*`;
 * - `workspaces { tags = ["edge", "network"] }` → `orbital-data/tags:edge+network` (the
 *   workspaces carrying all those tags).
 * Undefined when the text has no such block, or it names no organization (then it comes from
 * `TF_CLOUD_ORGANIZATION`, which a repository does not show).
 */
export function parseTerraformCloud(hcl: string): string[] | undefined {
  const text = stripComments(hcl);
  const terraform = /(?:^|\s)terraform\s*\{/.exec(text);
  if (!terraform) return undefined;
  const terraformBody = blockBody(
    text,
    terraform.index + terraform[0].length - 1,
  );
  const cloud =
    nestedBlock(terraformBody, /(?:^|\s)cloud\s*\{/) ??
    nestedBlock(terraformBody, /(?:^|\s)backend\s+"remote"\s*\{/);
  if (cloud === undefined) return undefined;
  const organization = stringAttribute(cloud, 'organization');
  if (!organization) return undefined;
  const workspaces = nestedBlock(cloud, /(?:^|\s)workspaces\s*\{/);
  if (workspaces === undefined) return [];
  const name = stringAttribute(workspaces, 'name');
  if (name) return [`${organization}/${name}`];
  const prefix = stringAttribute(workspaces, 'prefix');
  if (prefix) return [`${organization}/${prefix}*`];
  const tags = tagsAttribute(workspaces);
  return tags.length > 0 ? [`${organization}/tags:${tags.join('+')}`] : [];
}

/** What a Terraform root's block files say about HCP Terraform. */
export interface TerraformWorkspaces {
  /** `<organization>/<workspace>` values, empty when none were found. */
  workspaces: string[];
  /** The file that named them, relative to the repository. */
  file?: string;
}

/**
 * Reads the usual block files ({@link TERRAFORM_BLOCK_FILES}) at `dir` and at `dir/terraform`,
 * stopping at the first one with a `cloud` or `backend "remote"` block.
 */
export async function findTerraformWorkspaces(
  dir: string,
  tree: RepoTree,
  reader: FileReader,
): Promise<TerraformWorkspaces> {
  for (const base of [dir, joinPath(dir, 'terraform')]) {
    for (const name of TERRAFORM_BLOCK_FILES) {
      const path = joinPath(base, name);
      if (!tree.hasFile(path)) continue;
      const text = await reader.text(path);
      const workspaces =
        text === undefined ? undefined : parseTerraformCloud(text);
      if (workspaces !== undefined) return { workspaces, file: path };
    }
  }
  return { workspaces: [] };
}
