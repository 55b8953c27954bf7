import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  AppliedBy,
  DeploymentRow,
  RunningContainer,
  RunningImageScan,
} from '@platform-portal/plugin-flux-common';
import { Fragment, useMemo } from 'react';
import { plural, repositoryPath, shortDigest } from '../../lib/format';
import { FluxStatusChip } from '../FluxStatusChip';
import { RevisionText } from '../RevisionText';
import {
  ClusterLabel,
  EnvironmentChip,
  HealthChip,
  ObjectName,
  TAG_CLASS_COLORS,
  TimeText,
} from '../shared';

const LINE_HEIGHT = 30;

const useStyles = makeStyles(theme => ({
  table: {
    '& td, & th': { padding: theme.spacing(0.75, 1), verticalAlign: 'top' },
  },
  group: {
    backgroundColor: theme.palette.action.hover,
    '& td': {
      paddingTop: theme.spacing(0.5),
      paddingBottom: theme.spacing(0.5),
    },
  },
  line: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'nowrap',
    gap: 6,
    minHeight: LINE_HEIGHT,
  },
  tag: {
    fontFamily: 'monospace',
    fontSize: '0.85rem',
    fontWeight: 600,
    whiteSpace: 'nowrap',
  },
  digest: {
    fontFamily: 'monospace',
    fontSize: '0.75rem',
    color: theme.palette.text.secondary,
    whiteSpace: 'nowrap',
  },
  container: {
    fontSize: '0.75rem',
    color: theme.palette.text.secondary,
    minWidth: 0,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    maxWidth: 120,
  },
}));

const SEVERITY = {
  critical: { color: '#b71c1c', text: '#fff' },
  high: { color: '#e65100', text: '#fff' },
};

/** Scan statuses as the container-images plugin words them. */
const SCAN_STATUS: Record<string, { label: string; color: string }> = {
  COMPLETE: { label: 'scanned', color: '#2e7d32' },
  ACTIVE: { label: 'scanned', color: '#2e7d32' },
  IN_PROGRESS: { label: 'scanning', color: '#1976d2' },
  PENDING: { label: 'scan pending', color: '#1976d2' },
  FAILED: { label: 'scan failed', color: '#c62828' },
  UNSUPPORTED_IMAGE: { label: 'unsupported', color: '#757575' },
  SCAN_ELIGIBILITY_EXPIRED: { label: 'scan expired', color: '#ef6c00' },
  FINDINGS_UNAVAILABLE: { label: 'findings unavailable', color: '#ef6c00' },
  NOT_SCANNED: { label: 'not scanned', color: '#757575' },
};

const hasFindings = (scan: RunningImageScan) =>
  scan.status === 'COMPLETE' || scan.status === 'ACTIVE';

/** Critical and high findings as coloured chips; one green chip when there are none. */
function ScanSummary(props: {
  container: RunningContainer;
  imagesUnavailable: boolean;
}) {
  const { container, imagesUnavailable } = props;
  const { scan } = container;
  if (!scan) {
    let text = 'no scan';
    let why = 'The registry has no scan of this image';
    if (imagesUnavailable) {
      text = '–';
      why = 'Scans could not be read (see the note above)';
    } else if (container.unknownImage) {
      text = 'not in registry';
      why = 'The container-images backend does not know this tag or digest';
    }
    return (
      <Tooltip title={why}>
        <Typography variant="caption" color="textSecondary">
          {text}
        </Typography>
      </Tooltip>
    );
  }
  if (!hasFindings(scan)) {
    const style = SCAN_STATUS[scan.status] ?? {
      label: scan.status.toLocaleLowerCase('en-US'),
      color: '#757575',
    };
    return (
      <Chip
        size="small"
        variant="outlined"
        label={style.label}
        data-scan-status={scan.status}
        style={{ borderColor: style.color, color: style.color }}
      />
    );
  }
  const all = `critical ${scan.critical} · high ${scan.high} · medium ${scan.medium} · low ${scan.low}`;
  const present = (['critical', 'high'] as const).filter(s => scan[s] > 0);
  return (
    <Tooltip title={all}>
      <Box
        display="inline-flex"
        style={{ gap: 4 }}
        aria-label={`findings: ${all}`}
      >
        {present.length === 0 ? (
          <Chip
            size="small"
            variant="outlined"
            label="no critical/high"
            data-findings="none"
            style={{ borderColor: '#2e7d32', color: '#2e7d32' }}
          />
        ) : (
          present.map(s => (
            <Chip
              key={s}
              size="small"
              label={`${s} ${scan[s]}`}
              data-findings={s}
              style={{
                backgroundColor: SEVERITY[s].color,
                color: SEVERITY[s].text,
                fontWeight: 600,
              }}
            />
          ))
        )}
      </Box>
    </Tooltip>
  );
}

/** The tag actually running, its class as a chip, and the digest's short form. */
function RunningImage(props: { container: RunningContainer }) {
  const { container } = props;
  const classes = useStyles();
  const tagClass = container.tagClass;
  const color = tagClass ? TAG_CLASS_COLORS[tagClass] : undefined;
  return (
    <>
      {container.tag ? (
        <Tooltip title={container.image}>
          <span className={classes.tag} data-tag={container.tag}>
            {container.tag}
          </span>
        </Tooltip>
      ) : (
        <Tooltip title={container.image}>
          <span className={classes.digest}>
            {repositoryPath(container.repository)}
          </span>
        </Tooltip>
      )}
      {tagClass && (
        <Chip
          size="small"
          label={tagClass}
          data-tag-class={tagClass}
          variant={tagClass === 'stable' ? 'default' : 'outlined'}
          style={
            tagClass === 'stable'
              ? { backgroundColor: color, color: '#fff', height: 20 }
              : { borderColor: color, color, height: 20 }
          }
        />
      )}
      {container.digest && (
        <Tooltip title={container.digest}>
          <span className={classes.digest} data-digest={container.digest}>
            {`@${shortDigest(container.digest)}`}
          </span>
        </Tooltip>
      )}
    </>
  );
}

/** One line per container, the same height in every column so that the lines align. */
function ContainerLines(props: {
  row: DeploymentRow;
  render: (container: RunningContainer) => JSX.Element;
  showNames?: boolean;
}) {
  const { row, render, showNames } = props;
  const classes = useStyles();
  const named = showNames && row.containers.length > 1;
  if (row.containers.length === 0) {
    return (
      <Typography variant="caption" color="textSecondary">
        no containers
      </Typography>
    );
  }
  return (
    <>
      {row.containers.map(container => (
        <Box
          key={container.name}
          className={classes.line}
          data-container={container.name}
        >
          {named && (
            <span className={classes.container} title={container.name}>
              {container.name}
            </span>
          )}
          {render(container)}
        </Box>
      ))}
    </>
  );
}

function AppliedByCell(props: { appliedBy?: AppliedBy; now: number }) {
  const { appliedBy, now } = props;
  if (!appliedBy) {
    return (
      <Tooltip title="The workload carries no Kustomization or HelmRelease labels: something other than Flux applied it">
        <Typography variant="caption" color="textSecondary">
          not applied by Flux
        </Typography>
      </Tooltip>
    );
  }
  return (
    <Box>
      <ObjectName
        kind={appliedBy.kind}
        namespace={appliedBy.namespace}
        name={appliedBy.name}
      />
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 6 }}
      >
        <RevisionText
          revision={appliedBy.revision}
          commitUrl={appliedBy.commitUrl}
        />
        <FluxStatusChip status={appliedBy.status} now={now} />
      </Box>
    </Box>
  );
}

interface Group {
  environment?: string;
  rows: DeploymentRow[];
}

/** Consecutive rows of one environment; the backend already sorts by environment. */
function groupByEnvironment(rows: DeploymentRow[]): Group[] {
  const groups: Group[] = [];
  for (const row of rows) {
    const last = groups[groups.length - 1];
    if (last && last.environment === row.cluster.environment) {
      last.rows.push(row);
    } else {
      groups.push({ environment: row.cluster.environment, rows: [row] });
    }
  }
  return groups;
}

export const isUnhealthy = (row: DeploymentRow) =>
  row.health.state !== 'healthy';

const COLUMN_COUNT = 7;

/** What runs where: one row per workload and cluster, grouped by environment. */
export function DeploymentsTable(props: {
  rows: DeploymentRow[];
  imagesUnavailable: boolean;
  now: number;
}) {
  const { rows, imagesUnavailable, now } = props;
  const classes = useStyles();
  const groups = useMemo(() => groupByEnvironment(rows), [rows]);
  return (
    <Table size="small" className={classes.table} aria-label="Deployments">
      <TableHead>
        <TableRow>
          <TableCell>Cluster</TableCell>
          <TableCell>Workload</TableCell>
          <TableCell>Image</TableCell>
          <TableCell>Scan</TableCell>
          <TableCell>Health</TableCell>
          <TableCell>Applied by</TableCell>
          <TableCell>Changed</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {groups.map((group, i) => {
          const clusters = new Set(group.rows.map(r => r.cluster.name)).size;
          const unhealthy = group.rows.filter(isUnhealthy).length;
          return (
            <Fragment key={`${group.environment ?? ''}-${i}`}>
              <TableRow
                className={classes.group}
                data-environment-group={group.environment ?? 'none'}
              >
                <TableCell colSpan={COLUMN_COUNT}>
                  <Box display="flex" alignItems="center" style={{ gap: 8 }}>
                    {group.environment ? (
                      <EnvironmentChip environment={group.environment} />
                    ) : (
                      <Typography variant="body2" color="textSecondary">
                        no environment
                      </Typography>
                    )}
                    <Typography variant="caption" color="textSecondary">
                      {[
                        plural(clusters, 'cluster'),
                        plural(group.rows.length, 'workload'),
                        unhealthy > 0 ? `${unhealthy} unhealthy` : undefined,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </Typography>
                  </Box>
                </TableCell>
              </TableRow>
              {group.rows.map(row => (
                <TableRow
                  key={`${row.cluster.name}/${row.namespace}/${row.workload.kind}/${row.workload.name}`}
                  data-workload={`${row.cluster.name}/${row.namespace}/${row.workload.name}`}
                  hover
                >
                  <TableCell>
                    <ClusterLabel cluster={row.cluster} hideEnvironment />
                  </TableCell>
                  <TableCell>
                    <ObjectName
                      kind={row.workload.kind}
                      namespace={row.namespace}
                      name={row.workload.name}
                    />
                  </TableCell>
                  <TableCell>
                    <ContainerLines
                      row={row}
                      showNames
                      render={container => (
                        <RunningImage container={container} />
                      )}
                    />
                  </TableCell>
                  <TableCell>
                    <ContainerLines
                      row={row}
                      render={container => (
                        <ScanSummary
                          container={container}
                          imagesUnavailable={imagesUnavailable}
                        />
                      )}
                    />
                  </TableCell>
                  <TableCell>
                    <HealthChip health={row.health} />
                  </TableCell>
                  <TableCell>
                    <AppliedByCell appliedBy={row.appliedBy} now={now} />
                  </TableCell>
                  <TableCell>
                    <TimeText iso={row.changedAt} now={now} title="Changed" />
                  </TableCell>
                </TableRow>
              ))}
            </Fragment>
          );
        })}
      </TableBody>
    </Table>
  );
}
