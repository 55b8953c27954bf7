import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import LaunchIcon from '@material-ui/icons/Launch';
import RefreshIcon from '@material-ui/icons/Refresh';
import { RepositoryImages } from '@platform-portal/plugin-container-images-common';
import { absoluteTime, relativeTime } from '../../lib/format';
import { repositoryTitle } from '../shared';

const MUTABILITY: Record<
  string,
  { label: string; color: string; hint: string }
> = {
  IMMUTABLE: {
    label: 'immutable tags',
    color: '#2e7d32',
    hint: 'No tag can be overwritten.',
  },
  IMMUTABLE_WITH_EXCLUSION: {
    label: 'immutable tags, with exclusions',
    color: '#2e7d32',
    hint: 'Tags are immutable except those matching the exclusions.',
  },
  MUTABLE: {
    label: 'mutable tags',
    color: '#ef6c00',
    hint: 'Any tag, stable ones included, can be overwritten by a push.',
  },
  MUTABLE_WITH_EXCLUSION: {
    label: 'mutable tags, with exclusions',
    color: '#ef6c00',
    hint: 'Tags can be overwritten except those matching the exclusions.',
  },
};

function MutabilityChip(props: { repository: RepositoryImages }) {
  const { tagMutability, tagMutabilityExclusions } = props.repository;
  if (!tagMutability) return null;
  const style = MUTABILITY[tagMutability] ?? {
    label: tagMutability.toLocaleLowerCase('en-US'),
    color: '#757575',
    hint: tagMutability,
  };
  const exclusions = tagMutabilityExclusions?.length
    ? ` Exclusions: ${tagMutabilityExclusions.join(', ')}`
    : '';
  return (
    <Tooltip title={`${style.hint}${exclusions}`}>
      <Chip
        size="small"
        variant="outlined"
        label={style.label}
        style={{ borderColor: style.color, color: style.color }}
      />
    </Tooltip>
  );
}

function LifecycleSummary(props: { repository: RepositoryImages }) {
  const { lifecyclePolicy } = props.repository;
  // undefined: the registry has no lifecycle policies at all (plain OCI registries).
  if (lifecyclePolicy === undefined) return null;
  if (lifecyclePolicy === null || lifecyclePolicy.rules.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        Lifecycle policy: none, images are kept forever
      </Typography>
    );
  }
  const rules = [...lifecyclePolicy.rules].sort(
    (a, b) => a.priority - b.priority,
  );
  return (
    <Box>
      <Typography variant="body2" color="textSecondary">
        Lifecycle policy ({rules.length} rule{rules.length === 1 ? '' : 's'}):
      </Typography>
      <Box component="ul" m={0} pl={3}>
        {rules.map(rule => (
          <Typography component="li" variant="body2" key={rule.priority}>
            {rule.summary}
            {rule.description && (
              <Typography
                component="span"
                variant="body2"
                color="textSecondary"
              >
                {` (${rule.description})`}
              </Typography>
            )}
          </Typography>
        ))}
      </Box>
    </Box>
  );
}

/** Which repository this is, how it is kept, when it was read, and a way to read it again. */
export function RepositoryHeader(props: {
  repository: RepositoryImages;
  onRefresh: () => void;
  refreshing: boolean;
}) {
  const { repository, onRefresh, refreshing } = props;
  return (
    <Box mb={1}>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <Typography variant="h5" component="h2">
          {repositoryTitle(repository)}
        </Typography>
        <Chip size="small" label={repository.provider.toUpperCase()} />
        <MutabilityChip repository={repository} />
        {repository.consoleUrl && (
          <Link
            to={repository.consoleUrl}
            target="_blank"
            rel="noopener noreferrer"
          >
            <Box display="inline-flex" alignItems="center">
              Open in console{' '}
              <LaunchIcon fontSize="inherit" style={{ marginLeft: 4 }} />
            </Box>
          </Link>
        )}
        <Box flexGrow={1} />
        <Tooltip title={absoluteTime(repository.fetchedAt)}>
          <Typography variant="caption" color="textSecondary">
            read {relativeTime(repository.fetchedAt)}
          </Typography>
        </Tooltip>
        <Tooltip title="Read again from the registry, bypassing the cache">
          <span>
            <IconButton
              size="small"
              aria-label="Refresh"
              onClick={onRefresh}
              disabled={refreshing}
            >
              <RefreshIcon fontSize="small" />
            </IconButton>
          </span>
        </Tooltip>
      </Box>
      <LifecycleSummary repository={repository} />
    </Box>
  );
}
