import { Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import BugReportIcon from '@material-ui/icons/BugReportOutlined';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import {
  ContainerImage,
  RepositoryImages,
  TagClass,
} from '@platform-portal/plugin-container-images-common';
import { useEffect, useMemo, useState } from 'react';
import {
  absoluteTime,
  humanBytes,
  relativeTime,
  shortDigest,
} from '../../lib/format';
import { TAG_CLASS_COLORS, TAG_CLASSES } from '../../lib/severity';
import {
  CopyDigestButton,
  hasFindings,
  ScanStatusChip,
  SeverityBar,
  TagChip,
  ViolationsIcon,
} from '../shared';

type ImageRow = ContainerImage & { id: string };

type ClassFilter = TagClass | 'all';

const time = (iso?: string) => (iso ? Date.parse(iso) : 0);

/** Worst findings first: criticals outweigh any number of highs, and so on. */
const severityScore = (image: ContainerImage) => {
  const c = image.scan?.findingCounts ?? {};
  return (
    (c.CRITICAL ?? 0) * 1e9 +
    (c.HIGH ?? 0) * 1e6 +
    (c.MEDIUM ?? 0) * 1e3 +
    (c.LOW ?? 0)
  );
};

function TimeCell(props: { iso?: string; now: number }) {
  const { iso, now } = props;
  if (!iso) {
    return (
      <Typography variant="body2" color="textSecondary">
        –
      </Typography>
    );
  }
  return (
    <Tooltip title={absoluteTime(iso)}>
      <Typography variant="body2">{relativeTime(iso, now)}</Typography>
    </Tooltip>
  );
}

function columns(
  now: number,
  openFindings: (image: ContainerImage) => void,
): TableColumn<ImageRow>[] {
  return [
    {
      title: 'Tags',
      field: 'tags',
      sorting: false,
      render: image => (
        <Box display="flex" flexWrap="wrap">
          {image.tags.map(tag => (
            <TagChip key={tag.name} tag={tag} />
          ))}
        </Box>
      ),
      customFilterAndSearch: (term: string, image) =>
        image.tags.some(t =>
          t.name
            .toLocaleLowerCase('en-US')
            .includes(term.toLocaleLowerCase('en-US')),
        ),
    },
    {
      title: 'Digest',
      field: 'digest',
      render: image => (
        <Box display="flex" alignItems="center" whiteSpace="nowrap">
          <Tooltip title={image.digest}>
            <Typography
              variant="body2"
              style={{ fontFamily: 'monospace' }}
              data-testid="short-digest"
            >
              {shortDigest(image.digest)}
            </Typography>
          </Tooltip>
          <CopyDigestButton digest={image.digest} />
        </Box>
      ),
    },
    {
      title: 'Pushed',
      field: 'pushedAt',
      defaultSort: 'desc',
      customSort: (a, b) => time(a.pushedAt) - time(b.pushedAt),
      render: image => <TimeCell iso={image.pushedAt} now={now} />,
      searchable: false,
    },
    {
      title: 'Size',
      field: 'sizeBytes',
      type: 'numeric',
      render: image => humanBytes(image.sizeBytes),
      searchable: false,
    },
    {
      title: 'Last pull',
      field: 'lastPulledAt',
      customSort: (a, b) => time(a.lastPulledAt) - time(b.lastPulledAt),
      render: image => <TimeCell iso={image.lastPulledAt} now={now} />,
      searchable: false,
    },
    {
      title: 'Scan',
      field: 'scan.status',
      render: image => <ScanStatusChip scan={image.scan} />,
    },
    {
      title: 'Findings',
      field: 'scan.findingCounts',
      customSort: (a, b) => severityScore(a) - severityScore(b),
      searchable: false,
      render: image => (
        <Box display="flex" alignItems="center">
          <SeverityBar scan={image.scan} />
          {hasFindings(image.scan) && (
            <Tooltip title="Show findings">
              <IconButton
                size="small"
                aria-label={`Show findings of ${
                  image.tags.map(t => t.name).join(', ') || image.digest
                }`}
                onClick={() => openFindings(image)}
              >
                <BugReportIcon fontSize="small" />
              </IconButton>
            </Tooltip>
          )}
        </Box>
      ),
    },
    {
      title: 'Violations',
      field: 'violations',
      customSort: (a, b) => a.violations.length - b.violations.length,
      searchable: false,
      render: image => <ViolationsIcon violations={image.violations} />,
    },
  ];
}

/**
 * All tagged images of one repository in a searchable, sortable table, with a tag class filter
 * above it (an image counts under every class of its tags).
 */
export function RepositoryImagesTable(props: {
  repository: RepositoryImages;
  onOpenFindings: (image: ContainerImage) => void;
}) {
  const { repository, onOpenFindings } = props;
  const [filter, setFilter] = useState<ClassFilter>('all');

  // Material-table writes its own state into row objects: hand it copies, never the response.
  const rows = useMemo<ImageRow[]>(
    () =>
      repository.images
        .filter(i => filter === 'all' || i.tags.some(t => t.class === filter))
        .map(i => ({ ...i, id: i.digest })),
    [repository.images, filter],
  );

  // One instant per load, so the relative times of a table agree with each other; a refresh
  // (new images) moves it on.
  const [now, setNow] = useState(Date.now);
  useEffect(() => setNow(Date.now()), [repository.images]);
  const cols = useMemo(
    () => columns(now, onOpenFindings),
    [now, onOpenFindings],
  );

  return (
    <>
      <Box display="flex" alignItems="center" my={1}>
        <Typography
          variant="body2"
          color="textSecondary"
          style={{ marginRight: 8 }}
        >
          Tag class
        </Typography>
        <ToggleButtonGroup
          size="small"
          exclusive
          value={filter}
          aria-label="Tag class filter"
          onChange={(_e, value: ClassFilter | null) =>
            value && setFilter(value)
          }
        >
          <ToggleButton value="all" aria-label="all">
            {`all (${repository.images.length})`}
          </ToggleButton>
          {TAG_CLASSES.map(c => (
            <ToggleButton
              key={c}
              value={c}
              aria-label={c}
              disabled={repository.countsByClass[c] === 0}
              style={{ color: TAG_CLASS_COLORS[c] }}
            >
              {`${c} (${repository.countsByClass[c]})`}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
      </Box>
      <Table<ImageRow>
        columns={cols}
        data={rows}
        options={{
          search: true,
          paging: rows.length > 20,
          pageSize: 20,
          pageSizeOptions: [20, 50, 100],
          padding: 'dense',
          toolbar: true,
          showTitle: false,
        }}
        emptyContent={
          <Box p={2}>
            <Typography variant="body2" color="textSecondary">
              {repository.images.length === 0
                ? 'No tagged images yet. The CI pipeline pushes one on every build of main (X.Y.Z) and develop (X.Y.Z-SNAPSHOT).'
                : 'No image has a tag of this class.'}
            </Typography>
          </Box>
        }
      />
    </>
  );
}
