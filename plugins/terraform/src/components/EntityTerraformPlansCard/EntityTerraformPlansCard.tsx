import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity, useEntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { PlanListItem } from '@platform-portal/plugin-terraform-common';
import { useMemo } from 'react';
import { absoluteTime, relativeTime } from '../../lib/format';
import { latestPerEnvironment } from '../../lib/planList';
import {
  EnvironmentChip,
  LazyCounts,
  NotConfigured,
  PlanCountsCell,
  RunStatusChip,
  SOURCE_LABELS,
  SourceChip,
  useEntityPlans,
  useLazyCounts,
} from '../shared';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:last-child': { borderBottom: 'none' },
  },
  what: { fontFamily: 'monospace', fontSize: '0.8rem' },
}));

function LatestRow(props: {
  plan: PlanListItem;
  lazy?: LazyCounts;
  tabLink: string;
  now: number;
}) {
  const { plan, lazy, tabLink, now } = props;
  const classes = useStyles();
  return (
    <Box className={classes.row} data-plan-id={plan.id}>
      <EnvironmentChip environment={plan.environment ?? 'other'} />
      <SourceChip plan={plan} />
      <Link
        to={`${tabLink}/plans/${encodeURIComponent(plan.id)}`}
        className={classes.what}
      >
        {plan.pullRequest
          ? `#${plan.pullRequest.number}`
          : plan.branch ?? plan.workspace ?? 'plan'}
      </Link>
      <RunStatusChip status={plan.run?.status} />
      <Tooltip title={absoluteTime(plan.createdAt)}>
        <Typography variant="caption" color="textSecondary">
          {relativeTime(plan.createdAt, now)}
        </Typography>
      </Tooltip>
      <Box flexGrow={1} />
      <PlanCountsCell plan={plan} lazy={lazy} />
    </Box>
  );
}

/**
 * The entity card: the latest plan of each environment with what it would change, destroys and
 * replaces called out.
 *
 * @public
 */
export function EntityTerraformPlansCard() {
  const { entity } = useEntity();
  const entityLink = useEntityRefLink();
  const { configured, entityRef, error, value } = useEntityPlans(entity);
  const latest = useMemo(
    () => latestPerEnvironment(value?.plans ?? []),
    [value],
  );
  const lazy = useLazyCounts(entityRef, latest);
  const now = useMemo(() => Date.now(), [value]); // eslint-disable-line react-hooks/exhaustive-deps
  const tabLink = `${entityLink(entity)}/terraform`;

  let content;
  if (!configured) {
    content = <NotConfigured />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value) {
    content = <Progress />;
  } else {
    content = (
      <>
        {value.errors.map(e => (
          <Alert
            key={`${e.source}:${e.target}`}
            severity="error"
            style={{ marginBottom: 4 }}
          >
            {`${SOURCE_LABELS[e.source] ?? e.source} ${e.target}: ${
              e.error.message
            }`}
          </Alert>
        ))}
        {latest.length === 0 && value.errors.length === 0 && (
          <Typography variant="body2" color="textSecondary">
            No plans yet.
          </Typography>
        )}
        {latest.map(plan => (
          <LatestRow
            key={plan.id}
            plan={plan}
            lazy={lazy[plan.id]}
            tabLink={tabLink}
            now={now}
          />
        ))}
      </>
    );
  }

  return (
    <InfoCard
      title="Terraform plans"
      deepLink={configured ? { title: 'All plans', link: tabLink } : undefined}
    >
      {content}
    </InfoCard>
  );
}
