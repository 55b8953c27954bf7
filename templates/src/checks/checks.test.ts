import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  checkActionlint,
  checkCatalogInfo,
  checkHcl,
  checkRepository,
  checkRunBlocks,
  checkShellScript,
  checkTechDocsConfig,
  checkWorkflowParser,
  runBlocks,
} from '.';

const goodWorkflow = `name: ci
on:
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Greet
        env:
          REGION: \${{ vars.AWS_REGION }}
        run: echo "region $REGION"
`;

describe('the generated-file checks', () => {
  it('accept a correct workflow that uses the vars context', async () => {
    expect(await checkActionlint('ci.yml', goodWorkflow)).toEqual([]);
    expect(await checkWorkflowParser('ci.yml', goodWorkflow)).toEqual([]);
    expect(await checkRunBlocks('ci.yml', goodWorkflow)).toEqual([]);
  });

  it('actionlint catches unknown contexts and bad expressions', async () => {
    const bad = goodWorkflow.replace('vars.AWS_REGION', 'varz.AWS_REGION');
    const problems = await checkActionlint('ci.yml', bad);
    expect(problems.map(p => p.message).join('\n')).toMatch(/varz/);
  });

  it("GitHub's parser catches keys the schema does not allow", async () => {
    const bad = goodWorkflow.replace('runs-on:', 'runs_on:');
    const problems = await checkWorkflowParser('ci.yml', bad);
    expect(problems.length).toBeGreaterThan(0);
  });

  it('shellcheck runs on run: blocks, with expressions replaced', async () => {
    expect(runBlocks(goodWorkflow)).toEqual([
      { where: 'job test step Greet', script: 'echo "region $REGION"' },
    ]);
    const bad = goodWorkflow.replace(
      'run: echo "region $REGION"',
      'run: cd $HOME; echo ${{ github.sha }} $REGION',
    );
    const problems = await checkRunBlocks('ci.yml', bad);
    expect(problems.map(p => p.message).join('\n')).toMatch(/SC2086/);
  });

  it('shellcheck checks scripts', async () => {
    expect(
      await checkShellScript(
        'ok.sh',
        '#!/usr/bin/env bash\nset -euo pipefail\necho "$1"\n',
      ),
    ).toEqual([]);
    const problems = await checkShellScript(
      'bad.sh',
      '#!/bin/bash\ncp $1 /tmp\n',
    );
    expect(problems[0].message).toMatch(/SC2086/);
  });

  it('HCL must parse', async () => {
    expect(
      await checkHcl(
        'main.tf',
        'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n',
      ),
    ).toEqual([]);
    const problems = await checkHcl(
      'main.tf',
      'resource "aws_s3_bucket" "b" {\n  bucket = \n',
    );
    expect(problems).toHaveLength(1);
    expect(problems[0].check).toBe('hcl');
  });

  it('catalog files must validate', async () => {
    const good = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: orders
spec:
  type: service
  lifecycle: experimental
  owner: group:default/platform-team
`;
    expect(await checkCatalogInfo('catalog-info.yaml', good)).toEqual([]);
    const problems = await checkCatalogInfo(
      'catalog-info.yaml',
      good.replace('name: orders', 'name: Orders Service'),
    );
    expect(problems).toHaveLength(1);
    expect(
      await checkCatalogInfo(
        'catalog-info.yaml',
        good.replace(/ {2}owner.*\n/, ''),
      ),
    ).toHaveLength(1);
  });

  it('TechDocs configs must not load Google Fonts', () => {
    expect(
      checkTechDocsConfig(
        'mkdocs.yml',
        'site_name: x\ntheme:\n  name: material\n  font: false\n',
      ),
    ).toEqual([]);
    expect(
      checkTechDocsConfig(
        'mkdocs.yml',
        'site_name: x\ntheme:\n  name: material\n',
      ),
    ).toEqual([expect.objectContaining({ check: 'techdocs' })]);
  });

  it('a whole tree: broken YAML and a kustomization that does not build are reported', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checks-'));
    try {
      fs.mkdirSync(path.join(dir, 'k8s'), { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'k8s/kustomization.yaml'),
        'resources:\n  - missing.yaml\n',
      );
      fs.writeFileSync(path.join(dir, 'broken.yaml'), 'a: [1, 2\n');
      const problems = await checkRepository(dir);
      expect(problems.map(p => `${p.check} ${p.file}`).sort()).toEqual([
        'kustomize k8s/kustomization.yaml',
        'yaml broken.yaml',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
