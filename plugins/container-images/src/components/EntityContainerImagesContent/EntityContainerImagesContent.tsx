import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  ContainerImage,
  RepositoryImages,
} from '@platform-portal/plugin-container-images-common';
import { useCallback, useState } from 'react';
import {
  NotConfigured,
  orderRepositories,
  useEntityImages,
  ViolationAlerts,
} from '../shared';
import { FindingsDialog } from './FindingsDialog';
import { RepositoryHeader } from './RepositoryHeader';
import { RepositoryImagesTable } from './RepositoryImagesTable';

function RepositorySection(props: {
  entityRef: string;
  repository: RepositoryImages;
  onRefresh: () => void;
  refreshing: boolean;
}) {
  const { entityRef, repository, onRefresh, refreshing } = props;
  const [findingsOf, setFindingsOf] = useState<ContainerImage>();
  const openFindings = useCallback(
    (image: ContainerImage) => setFindingsOf(image),
    [],
  );
  return (
    <Paper component="section" style={{ padding: 16, marginBottom: 24 }}>
      <RepositoryHeader
        repository={repository}
        onRefresh={onRefresh}
        refreshing={refreshing}
      />
      <ViolationAlerts violations={repository.violations} />
      <RepositoryImagesTable
        repository={repository}
        onOpenFindings={openFindings}
      />
      <FindingsDialog
        entityRef={entityRef}
        repository={repository}
        image={findingsOf}
        onClose={() => setFindingsOf(undefined)}
      />
    </Paper>
  );
}

/**
 * The entity tab: every declared repository with all its tagged images.
 *
 * @public
 */
export function EntityContainerImagesContent() {
  const { entity } = useEntity();
  const { configured, loading, error, value, refresh } =
    useEntityImages(entity);
  const entityRef = stringifyEntityRef(entity);

  if (!configured) return <NotConfigured />;
  if (error) {
    return (
      <>
        <ResponseErrorPanel error={error} />
        <Box mt={2}>
          <Button variant="outlined" onClick={refresh}>
            Try again
          </Button>
        </Box>
      </>
    );
  }
  if (!value) return <Progress />;

  return (
    <>
      {loading && <Progress />}
      {orderRepositories(entity, value).map(entry =>
        entry.repository ? (
          <RepositorySection
            key={entry.ref}
            entityRef={entityRef}
            repository={entry.repository}
            onRefresh={refresh}
            refreshing={loading}
          />
        ) : (
          <Paper key={entry.ref} style={{ padding: 16, marginBottom: 24 }}>
            <Typography variant="h5" component="h2" gutterBottom>
              {entry.ref}
            </Typography>
            <Alert
              severity="error"
              action={
                <Button color="inherit" size="small" onClick={refresh}>
                  Retry
                </Button>
              }
            >
              <AlertTitle>{entry.error.error.name}</AlertTitle>
              {entry.error.error.message}
            </Alert>
          </Paper>
        ),
      )}
    </>
  );
}
