import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { PlanListItem } from '@platform-portal/plugin-terraform-common';

/** The branch, or the pull request with a link to it. */
export function BranchOrPullRequest(props: { plan: PlanListItem }) {
  const { plan } = props;
  if (plan.pullRequest) {
    const label = `#${plan.pullRequest.number}`;
    return (
      <Box>
        {plan.pullRequest.url ? (
          <Link
            to={plan.pullRequest.url}
            target="_blank"
            rel="noopener noreferrer"
            title={plan.pullRequest.title}
          >
            {label}
          </Link>
        ) : (
          <span title={plan.pullRequest.title}>{label}</span>
        )}
        {plan.pullRequest.title && (
          <Typography
            variant="body2"
            component="span"
            style={{ marginLeft: 6 }}
          >
            {plan.pullRequest.title}
          </Typography>
        )}
        {plan.branch && (
          <Typography
            variant="caption"
            color="textSecondary"
            component="div"
            style={{ fontFamily: 'monospace' }}
          >
            {plan.branch}
          </Typography>
        )}
      </Box>
    );
  }
  if (plan.branch) {
    return <span style={{ fontFamily: 'monospace' }}>{plan.branch}</span>;
  }
  return (
    <Typography variant="body2" color="textSecondary" component="span">
      {plan.workspace ?? '–'}
    </Typography>
  );
}
