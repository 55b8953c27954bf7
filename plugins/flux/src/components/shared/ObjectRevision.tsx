import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import {
  FluxObjectSummary,
  HelmReleaseHistoryEntry,
} from '@platform-portal/plugin-flux-common';
import { absoluteTime, plural, repositoryPath } from '../../lib/format';
import { commitOf, commitUrlFor } from '../../lib/revision';
import { splitImage, STATE_COLORS } from '../../lib/status';
import { RevisionText } from '../RevisionText';

const mono = { fontFamily: 'monospace', fontSize: '0.8rem' } as const;

/** Helm's release statuses by what they mean: deployed fine, failed bad, pending in flight. */
function helmStatusColor(status: string): string {
  if (status === 'deployed') return STATE_COLORS.ready;
  if (status === 'failed') return STATE_COLORS.failed;
  if (status.startsWith('pending')) return STATE_COLORS.progressing;
  return STATE_COLORS.unknown;
}

/**
 * The latest Helm release: chart version, app version and Helm's status for it, and the
 * release still running when the latest one failed.
 */
export function HelmReleaseRevision(props: {
  object: FluxObjectSummary;
  latest: HelmReleaseHistoryEntry;
}) {
  const { object, latest } = props;
  const color = helmStatusColor(latest.status);
  const deployed =
    latest.status !== 'deployed'
      ? object.history?.find(h => h.status === 'deployed')
      : undefined;
  return (
    <Box>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 6 }}
      >
        <Tooltip
          title={[
            `${latest.chartName} ${latest.chartVersion}`,
            latest.version !== undefined
              ? `Helm revision ${latest.version}`
              : '',
            latest.lastDeployed ? absoluteTime(latest.lastDeployed) : '',
          ]
            .filter(Boolean)
            .join(' · ')}
        >
          <span style={mono} data-chart-version={latest.chartVersion}>
            {latest.chartVersion}
          </span>
        </Tooltip>
        {latest.appVersion && (
          <Typography variant="caption" color="textSecondary">
            {`app ${latest.appVersion}`}
          </Typography>
        )}
        <span
          data-helm-status={latest.status}
          style={{
            color,
            border: `1px solid ${color}`,
            borderRadius: 8,
            padding: '0 6px',
            fontSize: '0.7rem',
            lineHeight: '16px',
          }}
        >
          {latest.status}
        </span>
      </Box>
      {deployed && (
        <Typography variant="caption" color="textSecondary" component="div">
          {`still running ${deployed.chartVersion}${
            deployed.appVersion ? ` (app ${deployed.appVersion})` : ''
          }`}
        </Typography>
      )}
    </Box>
  );
}

/**
 * What an object is at, by kind: the revision applied (and the one attempted when it differs:
 * after a failed build the cluster still runs the applied one), the latest Helm release, the
 * image a policy picked, the tags a repository scan found, the last commit an automation pushed.
 */
export function ObjectRevision(props: {
  object: FluxObjectSummary;
  /** The URL of the GitRepository the object reads from, to link commits. */
  gitUrl?: string;
}) {
  const { object } = props;
  const gitUrl =
    props.gitUrl ?? (object.kind === 'GitRepository' ? object.url : undefined);
  const latest = object.history?.[0];
  if (object.kind === 'HelmRelease' && latest) {
    return <HelmReleaseRevision object={object} latest={latest} />;
  }
  if (object.kind === 'ImagePolicy') {
    const image = splitImage(object);
    if (!image) return <RevisionText />;
    return (
      <Tooltip title={object.latestImage ?? image.name}>
        <span style={mono} data-latest-image>
          <span style={{ opacity: 0.7 }}>{repositoryPath(image.name)}</span>
          {image.tag && (
            <>
              :<strong>{image.tag}</strong>
            </>
          )}
        </span>
      </Tooltip>
    );
  }
  if (object.kind === 'ImageRepository' && object.lastScanResult) {
    return (
      <Typography variant="body2" component="span">
        {plural(object.lastScanResult.tagCount, 'tag')}
      </Typography>
    );
  }
  const applied = object.lastAppliedRevision;
  const attempted = object.lastAttemptedRevision;
  const failing =
    object.status.state === 'failed' || object.status.state === 'stalled';
  // An automation's observed source revision is an input, not a failed attempt.
  const showAttempted =
    object.kind !== 'ImageUpdateAutomation' &&
    attempted &&
    attempted !== applied;
  return (
    <Box>
      <RevisionText
        revision={applied}
        commitUrl={
          // The backend's link knows the hosts configured in `integrations` (GitHub Enterprise,
          // self-hosted GitLab); the local guess covers the public hosts.
          object.lastAppliedCommitUrl ?? commitUrlFor(gitUrl, commitOf(applied))
        }
        label={
          object.kind === 'ImageUpdateAutomation' ? 'last push' : undefined
        }
      />
      {showAttempted && (
        <Box>
          <RevisionText
            revision={attempted}
            commitUrl={
              object.lastAttemptedCommitUrl ??
              commitUrlFor(gitUrl, commitOf(attempted))
            }
            label="attempted"
            color={failing ? STATE_COLORS.failed : STATE_COLORS.progressing}
          />
        </Box>
      )}
    </Box>
  );
}
