import { FileReader } from './reader';
import { RepoTree, baseName } from './tree';

/** The most GitHub Actions workflows read per repository. */
export const MAX_WORKFLOW_READS = 6;

const WORKFLOWS_DIR = '.github/workflows';

/** Workflow names that usually build images or run Terraform, read first. */
const LIKELY =
  /release|deploy|build|publish|docker|image|container|ecr|push|terraform|plan|infra|tf|ci|cd/i;

/** What one workflow file does that the inference cares about. */
export interface WorkflowFindings {
  /** Path of the workflow file. */
  file: string;
  /**
   * ECR repositories it pushes to (when it logs in with `aws-actions/amazon-ecr-login`): an ARN
   * when the account and region are known, else the repository name.
   */
  ecrRepositories: string[];
  /** True when it runs `terraform plan`. */
  terraformPlan: boolean;
  /** The workflow's text, to see which directories of a mono-repo it builds. */
  text: string;
}

const ECR_IMAGE =
  /\b(\d{12})\.dkr\.ecr\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?\/([a-z0-9][a-z0-9._/-]*[a-z0-9])/g;
const ECR_REPOSITORY_ENV =
  /\bECR_REPOSITORY\s*:\s*["']?([a-z0-9][a-z0-9._/-]*)["']?\s*(?:#.*)?$/gm;
const AWS_REGION = /\baws-region\s*:\s*["']?([a-z]{2}(?:-[a-z]+)+-\d)\b/;
const AWS_ACCOUNT = /\barn:aws:iam::(\d{12}):/;
const TERRAFORM_PLAN =
  /\bterraform\s+(?:-chdir=\S+\s+)?plan\b|dflook\/terraform-plan@|tfc-workflows-github\/actions\/create-run@/;

function ecrArn(region: string, account: string, repository: string) {
  return `arn:aws:ecr:${region}:${account}:repository/${repository}`;
}

/** Reads what a workflow file says about ECR and Terraform. */
export function analyseWorkflow(file: string, text: string): WorkflowFindings {
  const repositories = new Set<string>();
  if (/\baws-actions\/amazon-ecr-login@/.test(text)) {
    for (const [, account, region, repository] of text.matchAll(ECR_IMAGE)) {
      repositories.add(ecrArn(region, account, repository.replace(/:.*$/, '')));
    }
    const region = AWS_REGION.exec(text)?.[1];
    const account = AWS_ACCOUNT.exec(text)?.[1];
    for (const [, repository] of text.matchAll(ECR_REPOSITORY_ENV)) {
      repositories.add(
        region && account ? ecrArn(region, account, repository) : repository,
      );
    }
  }
  return {
    file,
    ecrRepositories: [...repositories],
    terraformPlan: TERRAFORM_PLAN.test(text),
    text,
  };
}

/**
 * Reads up to {@link MAX_WORKFLOW_READS} workflows of `.github/workflows`, those whose names
 * suggest builds, releases or Terraform first.
 */
export async function readWorkflows(
  tree: RepoTree,
  reader: FileReader,
): Promise<WorkflowFindings[]> {
  const files = tree
    .filesIn(WORKFLOWS_DIR)
    .filter(f => /\.ya?ml$/.test(f))
    .sort((a, b) => {
      const rank = (f: string) => (LIKELY.test(baseName(f)) ? 0 : 1);
      return rank(a) - rank(b) || a.localeCompare(b);
    })
    .slice(0, MAX_WORKFLOW_READS);
  const findings: WorkflowFindings[] = [];
  for (const file of files) {
    const text = await reader.text(file);
    if (text !== undefined) findings.push(analyseWorkflow(file, text));
  }
  return findings;
}
