// Only the tests are TypeScript of ours; the skeletons are nunjucks templates of other
// repositories (their package.json is not JSON until rendered) and are checked by the tests
// after rendering instead.
module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  ignorePatterns: ['/*/', '!/src/'],
});
