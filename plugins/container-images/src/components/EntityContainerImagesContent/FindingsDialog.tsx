import {
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import {
  ContainerImage,
  RepositoryImages,
  ScanFinding,
  SEVERITIES,
} from '@platform-portal/plugin-container-images-common';
import useAsync from 'react-use/esm/useAsync';
import { containerImagesApiRef } from '../../api';
import { absoluteTime, shortDigest } from '../../lib/format';
import { ScanStatusChip, SeverityChip, SeverityChips } from '../shared';

type FindingRow = ScanFinding & { id: string };

const columns: TableColumn<FindingRow>[] = [
  {
    title: 'Severity',
    field: 'severity',
    width: '120px',
    render: f => <SeverityChip severity={f.severity} />,
    customSort: (a, b) =>
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity),
  },
  {
    title: 'Finding',
    field: 'name',
    render: f =>
      f.uri ? (
        <Link to={f.uri} target="_blank" rel="noopener noreferrer">
          {f.name}
        </Link>
      ) : (
        f.name
      ),
  },
  { title: 'Package', field: 'packageName', emptyValue: '–' },
  { title: 'Version', field: 'packageVersion', emptyValue: '–' },
  {
    title: 'Fixed in',
    field: 'fixedInVersion',
    // No emptyValue: material-table would show it instead of calling render.
    render: f =>
      f.fixedInVersion ? (
        <Typography variant="body2" style={{ color: '#2e7d32' }}>
          {f.fixedInVersion}
        </Typography>
      ) : (
        <Typography variant="body2" color="textSecondary">
          no fix yet
        </Typography>
      ),
  },
];

function FindingsBody(props: {
  entityRef: string;
  repository: RepositoryImages;
  image: ContainerImage;
}) {
  const { entityRef, repository, image } = props;
  const api = useApi(containerImagesApiRef);
  const { loading, error, value } = useAsync(
    () => api.getFindings(entityRef, repository.ref, image.digest),
    [api, entityRef, repository.ref, image.digest],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;

  // Worst first, as people read a findings list.
  const rows: FindingRow[] = value.findings
    .map((f, i) => ({ ...f, id: `${f.name}-${f.packageName ?? ''}-${i}` }))
    .sort(
      (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity),
    );

  return (
    <>
      <Box display="flex" alignItems="center" flexWrap="wrap" mb={2}>
        <ScanStatusChip scan={value.scan} />
        <Box ml={1}>
          <SeverityChips
            counts={value.scan.findingCounts}
            severities={[...SEVERITIES]}
          />
        </Box>
        {value.scan.completedAt && (
          <Typography
            variant="caption"
            color="textSecondary"
            style={{ marginLeft: 8 }}
          >
            scanned {absoluteTime(value.scan.completedAt)}
          </Typography>
        )}
      </Box>
      <Table<FindingRow>
        title={`${rows.length} finding${rows.length === 1 ? '' : 's'}`}
        columns={columns}
        data={rows}
        options={{
          search: true,
          paging: rows.length > 10,
          pageSize: 10,
          padding: 'dense',
        }}
        emptyContent={
          <Box p={2}>
            <Typography>The scan found nothing in this image.</Typography>
          </Box>
        }
      />
    </>
  );
}

/** The scan findings of one image, loaded when the dialog opens. */
export function FindingsDialog(props: {
  entityRef: string;
  repository: RepositoryImages;
  image?: ContainerImage;
  onClose: () => void;
}) {
  const { entityRef, repository, image, onClose } = props;
  const label = image
    ? `${repository.name}:${image.tags.map(t => t.name).join(', ')}`
    : '';
  return (
    <Dialog open={!!image} onClose={onClose} maxWidth="lg" fullWidth>
      <DialogTitle>
        Findings of {label}
        {image && (
          <Typography variant="body2" color="textSecondary" component="div">
            {repository.registry}/{repository.name}@{shortDigest(image.digest)}
          </Typography>
        )}
      </DialogTitle>
      <DialogContent>
        {image && (
          <FindingsBody
            entityRef={entityRef}
            repository={repository}
            image={image}
          />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
