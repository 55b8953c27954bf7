import { CodeOwners, findCodeOwnersFile, ownerRef } from './codeowners';

// The example of GitHub's documentation on code owners, with its semantics.
const GITHUB_EXAMPLE = `
# These owners will be the default owners for everything in the repo.
*       @global-owner1 @global-owner2
*.js    @js-owner #This is an inline comment.
*.go docs@example.com
*.txt @octo-org/octocats
/build/logs/ @doctocat
docs/*  docs@example.com
apps/ @octocat
/docs/ @doctocat
/scripts/ @doctocat @octocat
**/logs @octocat
/apps/ @octocat
/apps/github
`;

describe('CodeOwners', () => {
  const owners = CodeOwners.parse(GITHUB_EXAMPLE);

  it('turns @org/team into a group and @login into a user, and ignores e-mail addresses', () => {
    expect(ownerRef('@orbital-data/Lumen-Backend')).toBe(
      'group:default/lumen-backend',
    );
    expect(ownerRef('@octocat')).toBe('user:default/octocat');
    expect(ownerRef('docs@example.com')).toBeUndefined();
  });

  it('gives the default owners to files no later rule matches', () => {
    expect(owners.ownersOf('README.md')).toEqual([
      'user:default/global-owner1',
      'user:default/global-owner2',
    ]);
  });

  it('lets the last matching rule win', () => {
    expect(owners.ownersOf('web/src/app.js')).toEqual([
      'user:default/js-owner',
    ]);
    expect(owners.ownersOf('notes/todo.txt')).toEqual([
      'group:default/octocats',
    ]);
    // /build/logs/ matches, but the later **/logs does too.
    expect(owners.ownersOf('build/logs/today.log')).toEqual([
      'user:default/octocat',
    ]);
  });

  it('has no owners where the winning rule names only e-mail addresses or nobody', () => {
    expect(owners.ownersOf('cmd/main.go')).toEqual([]);
    expect(owners.ownersOf('apps/github/handler.rb')).toEqual([]);
  });

  it('anchors patterns with a leading slash at the root, and matches others at any depth', () => {
    expect(owners.ownersOf('scripts/deploy.sh')).toEqual([
      'user:default/doctocat',
      'user:default/octocat',
    ]);
    expect(owners.ownersOf('tools/scripts/deploy.sh')).toEqual([
      'user:default/global-owner1',
      'user:default/global-owner2',
    ]);
    expect(owners.ownersOf('services/apps/list.rb')).toEqual([
      'user:default/octocat',
    ]);
  });

  it('matches dir/* only for the files directly in that directory', () => {
    const rules = CodeOwners.parse('* @org/all\ndocs/* @org/writers\n');
    expect(rules.ownersOf('docs/getting-started.md')).toEqual([
      'group:default/writers',
    ]);
    expect(rules.ownersOf('docs/build-app/troubleshooting.md')).toEqual([
      'group:default/all',
    ]);
    expect(rules.ownersOfDirectory('docs')).toEqual(['group:default/writers']);
    expect(rules.ownersOfDirectory('docs/build-app')).toEqual([
      'group:default/all',
    ]);
  });

  it('gives a directory the owners of * or of rules for that directory, not of single files', () => {
    const rules = CodeOwners.parse(
      [
        '*  @orbital-data/lumen-data-engineering',
        '*.md @orbital-data/writers',
        '/Dockerfile @orbital-data/platform',
        '/services/ @orbital-data/lumen-backend',
      ].join('\n'),
    );
    expect(rules.ownersOfDirectory('')).toEqual([
      'group:default/lumen-data-engineering',
    ]);
    expect(rules.ownersOfDirectory('services/api')).toEqual([
      'group:default/lumen-backend',
    ]);
    expect(rules.ownersOfDirectory('/services/api/')).toEqual([
      'group:default/lumen-backend',
    ]);
    expect(rules.ownersOfDirectory('libs/db')).toEqual([
      'group:default/lumen-data-engineering',
    ]);
  });

  it('reads escaped # patterns and skips comments and blank lines', () => {
    const rules = CodeOwners.parse('\n# comment\n\\#notes.md @org/hash\n');
    expect(rules.rules).toEqual([
      { pattern: '\\#notes.md', owners: ['group:default/hash'], line: 3 },
    ]);
    expect(rules.ownersOf('#notes.md')).toEqual(['group:default/hash']);
  });

  it('uses the first of .github/CODEOWNERS, CODEOWNERS and docs/CODEOWNERS, as GitHub does', () => {
    const files = new Set(['docs/CODEOWNERS', 'CODEOWNERS']);
    expect(findCodeOwnersFile(p => files.has(p))).toBe('CODEOWNERS');
    files.add('.github/CODEOWNERS');
    expect(findCodeOwnersFile(p => files.has(p))).toBe('.github/CODEOWNERS');
    expect(findCodeOwnersFile(() => false)).toBeUndefined();
  });
});
