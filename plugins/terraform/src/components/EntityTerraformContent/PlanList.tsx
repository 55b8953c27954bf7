import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import LaunchIcon from '@material-ui/icons/Launch';
import RefreshIcon from '@material-ui/icons/Refresh';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  declaredPlanSources,
  EntityPlansResponse,
  PlanListItem,
  PlanSourceError,
} from '@platform-portal/plugin-terraform-common';
import { Entity } from '@backstage/catalog-model';
import { useMemo, useState } from 'react';
import { absoluteTime, plural, relativeTime } from '../../lib/format';
import {
  groupPlans,
  latestPerEnvironment,
  PlanGroup,
} from '../../lib/planList';
import {
  BranchOrPullRequest,
  EnvironmentChip,
  LazyCounts,
  PlanCountsCell,
  RunStatusChip,
  SOURCE_LABELS,
  SourceChip,
  useLazyCounts,
} from '../shared';

/** Rows a group shows before "Show older": the latest ones are what people came for. */
const ROWS_PER_GROUP = 5;

/** The link to a plan's page, relative to the tab. */
export const planPath = (plan: PlanListItem) =>
  `plans/${encodeURIComponent(plan.id)}`;

function RunCell(props: { plan: PlanListItem }) {
  const { run } = props.plan;
  if (!run) return <>–</>;
  return (
    <Box display="inline-flex" alignItems="center">
      <RunStatusChip status={run.status} />
      {run.url && (
        <IconButton
          size="small"
          href={run.url}
          target="_blank"
          rel="noopener noreferrer"
          aria-label={`View run ${run.id}`}
        >
          <LaunchIcon fontSize="small" />
        </IconButton>
      )}
    </Box>
  );
}

function PlanRow(props: {
  plan: PlanListItem;
  lazy?: LazyCounts;
  now: number;
}) {
  const { plan, lazy, now } = props;
  return (
    <TableRow data-plan-id={plan.id} hover>
      <TableCell>
        <EnvironmentChip environment={plan.environment} />
      </TableCell>
      <TableCell>
        <SourceChip plan={plan} />
      </TableCell>
      <TableCell>
        <BranchOrPullRequest plan={plan} />
      </TableCell>
      <TableCell>
        <RunCell plan={plan} />
      </TableCell>
      <TableCell>{plan.run?.triggeredBy ?? '–'}</TableCell>
      <TableCell style={{ whiteSpace: 'nowrap' }}>
        <Tooltip title={absoluteTime(plan.createdAt)}>
          <span>{relativeTime(plan.createdAt, now)}</span>
        </Tooltip>
      </TableCell>
      <TableCell>
        <PlanCountsCell plan={plan} lazy={lazy} />
      </TableCell>
      <TableCell align="right" style={{ whiteSpace: 'nowrap' }}>
        <Link to={planPath(plan)}>View plan</Link>
      </TableCell>
    </TableRow>
  );
}

function GroupSection(props: {
  group: PlanGroup;
  lazy: Record<string, LazyCounts>;
  now: number;
}) {
  const { group, lazy, now } = props;
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? group.plans : group.plans.slice(0, ROWS_PER_GROUP);
  const hidden = group.plans.length - shown.length;
  return (
    <Paper
      component="section"
      aria-label={group.title}
      data-group={group.key}
      style={{ padding: 16, marginBottom: 16 }}
    >
      <Typography variant="h6" component="h2">
        {group.title}
      </Typography>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>Environment</TableCell>
            <TableCell>Source</TableCell>
            <TableCell>
              {group.kind === 'pull-requests' ? 'Pull request' : 'Branch'}
            </TableCell>
            <TableCell>Run</TableCell>
            <TableCell>Triggered by</TableCell>
            <TableCell>Age</TableCell>
            <TableCell>Changes</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {shown.map(plan => (
            <PlanRow key={plan.id} plan={plan} lazy={lazy[plan.id]} now={now} />
          ))}
        </TableBody>
      </Table>
      {hidden > 0 && (
        <Box mt={1}>
          <Button size="small" onClick={() => setExpanded(true)}>
            {`Show ${plural(hidden, 'older plan')}`}
          </Button>
        </Box>
      )}
    </Paper>
  );
}

/** A source that could not be read, in its place: which one, and what it said. */
export function SourceErrorAlert(props: { error: PlanSourceError }) {
  const { error } = props;
  const { name, message, statusCode } = error.error;
  return (
    <Alert
      severity="error"
      style={{ marginBottom: 8 }}
      data-source-error={error.source}
    >
      <AlertTitle>{`${SOURCE_LABELS[error.source] ?? error.source} ${
        error.target
      }`}</AlertTitle>
      {message.startsWith(name) ? message : `${name}: ${message}`}
      {statusCode ? ` (${statusCode})` : ''}
    </Alert>
  );
}

function declaredTargets(entity: Entity): string[] {
  const d = declaredPlanSources(entity.metadata.annotations);
  return [
    ...d.hcpWorkspaces.map(w => `HCP Terraform workspace ${w}`),
    ...(d.githubRepository
      ? [`GitHub Actions artifacts of ${d.githubRepository}`]
      : []),
    ...d.s3.map(p => `S3 ${p}`),
    ...d.local.map(p => `local directory ${p}`),
  ];
}

function NoPlans(props: { entity: Entity }) {
  return (
    <EmptyState
      missing="data"
      title="No Terraform plans yet"
      description={
        <>
          The declared sources have no plans:
          <ul>
            {declaredTargets(props.entity).map(t => (
              <li key={t}>{t}</li>
            ))}
          </ul>
          Plans appear here once a workflow run uploads a{' '}
          <code>terraform-plan-&lt;environment&gt;</code> artifact, a workspace
          runs a plan, or a plan file lands under the prefix.
        </>
      }
    />
  );
}

/** The tab's list: source errors, then the plans by environment, then pull requests. */
export function PlanList(props: {
  entity: Entity;
  entityRef: string;
  loading: boolean;
  error?: Error;
  value?: EntityPlansResponse;
  retry: () => void;
}) {
  const { entity, entityRef, loading, error, value, retry } = props;
  const plans = useMemo(() => value?.plans ?? [], [value]);
  const groups = useMemo(() => groupPlans(plans), [plans]);
  // Counted at a glance: the latest of each environment, whose sources may not report counts.
  const latest = useMemo(() => latestPerEnvironment(plans), [plans]);
  const lazy = useLazyCounts(entityRef, latest);
  const now = useMemo(() => Date.now(), [value]); // eslint-disable-line react-hooks/exhaustive-deps

  if (error) {
    return (
      <>
        <ResponseErrorPanel error={error} />
        <Box mt={2}>
          <Button variant="outlined" onClick={retry}>
            Try again
          </Button>
        </Box>
      </>
    );
  }
  if (!value) return <Progress />;

  return (
    <>
      <Box display="flex" alignItems="center" mb={1}>
        <Typography variant="body2" color="textSecondary">
          {plural(value.plans.length, 'plan')}
        </Typography>
        <Box flexGrow={1} />
        <Tooltip title="Read the plans again">
          <span>
            <IconButton
              size="small"
              aria-label="Refresh"
              onClick={retry}
              disabled={loading}
            >
              <RefreshIcon fontSize="small" />
            </IconButton>
          </span>
        </Tooltip>
      </Box>
      {loading && <Progress />}
      {value.errors.map(e => (
        <SourceErrorAlert key={`${e.source}:${e.target}`} error={e} />
      ))}
      {value.plans.length === 0 && value.errors.length === 0 && (
        <NoPlans entity={entity} />
      )}
      {value.plans.length === 0 && value.errors.length > 0 && (
        <Typography variant="body2" color="textSecondary">
          No plans could be read from the other declared sources.
        </Typography>
      )}
      {groups.map(group => (
        <GroupSection key={group.key} group={group} lazy={lazy} now={now} />
      ))}
    </>
  );
}
