import { Link } from '@backstage/core-components';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import { FluxCluster } from '@platform-portal/plugin-flux-common';
import { EnvironmentChip } from './Chips';

/** A cluster's name, linking to its catalog entity when it has one; the title in the tooltip. */
export function ClusterName(props: { cluster: FluxCluster }) {
  const { cluster } = props;
  const entityLink = useEntityRefLink();
  const name = cluster.entityRef ? (
    <Link to={entityLink(cluster.entityRef)} style={{ whiteSpace: 'nowrap' }}>
      {cluster.name}
    </Link>
  ) : (
    <span style={{ whiteSpace: 'nowrap' }}>{cluster.name}</span>
  );
  return cluster.title ? <Tooltip title={cluster.title}>{name}</Tooltip> : name;
}

/** The environment chip and the cluster, the way every row says where it is. */
export function ClusterLabel(props: {
  cluster: FluxCluster;
  hideEnvironment?: boolean;
}) {
  const { cluster, hideEnvironment } = props;
  return (
    <Box
      display="inline-flex"
      alignItems="center"
      flexWrap="nowrap"
      style={{ gap: 6 }}
      data-cluster={cluster.name}
    >
      {!hideEnvironment && (
        <EnvironmentChip environment={cluster.environment} />
      )}
      <ClusterName cluster={cluster} />
    </Box>
  );
}

/** The clusters of a response by name; a cluster only named in an object gets a bare entry. */
export function clusterLookup(clusters: FluxCluster[]) {
  const byName = new Map(clusters.map(c => [c.name, c]));
  return (name: string): FluxCluster => byName.get(name) ?? { name };
}
