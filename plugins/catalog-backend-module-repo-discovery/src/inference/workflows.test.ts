import { analyseWorkflow } from './workflows';

describe('analyseWorkflow', () => {
  it('names the ECR repository of ECR_REPOSITORY when the account is not in the workflow', () => {
    const text = `env:
  ECR_REPOSITORY: piksel/geo-tiles
jobs:
  image:
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: \${{ vars.AWS_RELEASE_ROLE_ARN }}
          aws-region: ap-southeast-3
      - uses: aws-actions/amazon-ecr-login@v2
`;
    expect(analyseWorkflow('release.yml', text).ecrRepositories).toEqual([
      'piksel/geo-tiles',
    ]);
  });

  it('gives the ARN of images pushed to an ECR registry', () => {
    const text = `steps:
  - uses: aws-actions/amazon-ecr-login@v2
  - run: docker push 730335468112.dkr.ecr.ap-southeast-3.amazonaws.com/piksel/jupyter:\${{ github.sha }}
`;
    expect(analyseWorkflow('build.yml', text).ecrRepositories).toEqual([
      'arn:aws:ecr:ap-southeast-3:730335468112:repository/piksel/jupyter',
    ]);
  });

  it('finds no ECR repository without an ECR login', () => {
    const text =
      'env:\n  ECR_REPOSITORY: piksel/core\nsteps:\n  - run: echo no login\n';
    expect(analyseWorkflow('ci.yml', text).ecrRepositories).toEqual([]);
  });

  it('sees terraform plan, also with -chdir or through well-known actions', () => {
    expect(
      analyseWorkflow('a.yml', 'run: terraform plan -out=tfplan').terraformPlan,
    ).toBe(true);
    expect(
      analyseWorkflow('b.yml', 'run: terraform -chdir=infra plan')
        .terraformPlan,
    ).toBe(true);
    expect(
      analyseWorkflow('c.yml', 'uses: dflook/terraform-plan@v1').terraformPlan,
    ).toBe(true);
    expect(
      analyseWorkflow('d.yml', 'run: terraform fmt -check').terraformPlan,
    ).toBe(false);
  });
});
