import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity, useEntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Divider from '@material-ui/core/Divider';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  LatestImage,
  RepositoryError,
  RepositoryImages,
} from '@platform-portal/plugin-container-images-common';
import { Fragment } from 'react';
import { absoluteTime, relativeTime, shortDigest } from '../../lib/format';
import { TAG_CLASSES } from '../../lib/severity';
import {
  ClassCountChip,
  hasFindings,
  NotConfigured,
  orderRepositories,
  repositoryTitle,
  ScanStatusChip,
  SeverityChips,
  TagChip,
  useEntityImages,
  ViolationAlerts,
} from '../shared';

const useStyles = makeStyles(theme => ({
  repository: {
    paddingTop: theme.spacing(1),
    paddingBottom: theme.spacing(1),
  },
  row: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    minHeight: 32,
    gap: theme.spacing(1),
  },
  label: {
    width: 120,
    flexShrink: 0,
    color: theme.palette.text.secondary,
  },
  digest: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    color: theme.palette.text.secondary,
  },
}));

function LatestRow(props: {
  label: string;
  latest?: LatestImage;
  tagClass: 'stable' | 'snapshot';
  now: number;
}) {
  const { label, latest, tagClass, now } = props;
  const classes = useStyles();
  return (
    <Box className={classes.row}>
      <Typography variant="body2" className={classes.label}>
        {label}
      </Typography>
      {latest ? (
        <>
          <TagChip tag={{ name: latest.tag, class: tagClass }} />
          <Tooltip title={absoluteTime(latest.pushedAt)}>
            <Typography variant="body2">
              {relativeTime(latest.pushedAt, now)}
            </Typography>
          </Tooltip>
          <Tooltip title={latest.digest}>
            <span className={classes.digest}>{shortDigest(latest.digest)}</span>
          </Tooltip>
        </>
      ) : (
        <Typography variant="body2" color="textSecondary">
          none yet
        </Typography>
      )}
    </Box>
  );
}

function RepositorySummary(props: { repository: RepositoryImages }) {
  const { repository } = props;
  const classes = useStyles();
  const now = Date.now();

  const title = (
    <Typography variant="subtitle2" component="h3">
      {repositoryTitle(repository)}
    </Typography>
  );

  if (repository.totalImages === 0) {
    return (
      <Box className={classes.repository}>
        {title}
        <Typography variant="body2" color="textSecondary">
          No tagged images yet. The CI pipeline pushes one on every build of{' '}
          <code>main</code> (a stable <code>X.Y.Z</code> tag) and{' '}
          <code>develop</code> (an <code>X.Y.Z-SNAPSHOT</code> tag).
        </Typography>
        <ViolationAlerts violations={repository.violations} />
      </Box>
    );
  }

  // The summary carries the latest stable's scan; a full response has it on the image too.
  const stableScan =
    repository.latestStable?.scan ??
    repository.images.find(i => i.digest === repository.latestStable?.digest)
      ?.scan;
  const violations = [
    ...repository.violations,
    ...repository.images.flatMap(i => i.violations),
  ];

  return (
    <Box className={classes.repository}>
      {title}
      <LatestRow
        label="Latest stable"
        latest={repository.latestStable}
        tagClass="stable"
        now={now}
      />
      <LatestRow
        label="Latest snapshot"
        latest={repository.latestSnapshot}
        tagClass="snapshot"
        now={now}
      />
      {repository.latestStable && (
        <Box className={classes.row}>
          <Typography variant="body2" className={classes.label}>
            Stable findings
          </Typography>
          {stableScan && hasFindings(stableScan) ? (
            <SeverityChips
              counts={stableScan.findingCounts}
              severities={['CRITICAL', 'HIGH']}
            />
          ) : (
            <ScanStatusChip scan={stableScan} />
          )}
        </Box>
      )}
      <Box className={classes.row}>
        <Typography variant="body2" className={classes.label}>
          Images
        </Typography>
        <Typography variant="body2">{repository.totalImages}</Typography>
        {TAG_CLASSES.filter(c => repository.countsByClass[c] > 0).map(c => (
          <ClassCountChip
            key={c}
            tagClass={c}
            count={repository.countsByClass[c]}
          />
        ))}
      </Box>
      <ViolationAlerts violations={violations} max={3} />
    </Box>
  );
}

function RepositoryFailure(props: { error: RepositoryError }) {
  const { error } = props;
  return (
    <Alert severity="error" style={{ marginTop: 8, marginBottom: 8 }}>
      <AlertTitle>{error.ref}</AlertTitle>
      {error.error.message.startsWith(error.error.name)
        ? error.error.message
        : `${error.error.name}: ${error.error.message}`}
    </Alert>
  );
}

/**
 * The entity card: per declared repository the latest stable and snapshot images, the critical
 * and high findings of the latest stable, images per tag class and violations.
 *
 * @public
 */
export function EntityContainerImagesCard() {
  const { entity } = useEntity();
  const entityLink = useEntityRefLink();
  // A summary is enough here (latest images, counts, repository violations): the tab lists
  // the images, so a repository of a thousand images costs the card nothing.
  const { configured, loading, error, value } = useEntityImages(entity, {
    limit: 0,
  });

  const deepLink = configured
    ? { title: 'All images', link: `${entityLink(entity)}/images` }
    : undefined;

  let content;
  if (!configured) {
    content = <NotConfigured />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value) {
    content = <Progress />;
  } else {
    const entries = orderRepositories(entity, value);
    content = (
      <>
        {loading && <Progress />}
        {entries.length === 0 && (
          <Typography variant="body2" color="textSecondary">
            The backend returned no repositories for this entity.
          </Typography>
        )}
        {entries.map((entry, i) => (
          <Fragment key={entry.ref}>
            {i > 0 && <Divider />}
            {entry.repository ? (
              <RepositorySummary repository={entry.repository} />
            ) : (
              <RepositoryFailure error={entry.error} />
            )}
          </Fragment>
        ))}
      </>
    );
  }

  return (
    <InfoCard title="Container images" deepLink={deepLink}>
      {content}
    </InfoCard>
  );
}
