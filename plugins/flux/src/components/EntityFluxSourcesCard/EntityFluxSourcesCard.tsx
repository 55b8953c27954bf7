import { Link } from '@backstage/core-components';
import Tooltip from '@material-ui/core/Tooltip';
import {
  FLUX_SOURCE_KINDS,
  FluxObjectSummary,
} from '@platform-portal/plugin-flux-common';
import {
  CardColumn,
  FluxObjectsCard,
  ObjectName,
  ObjectRevision,
  StatusCell,
  TimeText,
} from '../shared';

// One line, cut with an ellipsis: a URL broken over five lines is harder to read than half of it.
const urlStyle = {
  fontFamily: 'monospace',
  fontSize: '0.8rem',
  display: 'inline-block',
  maxWidth: 360,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
  verticalAlign: 'bottom',
} as const;

/** A source's URL; a link when a browser can open it (not `ssh://`, `oci://` or S3). */
export function SourceUrl(props: { url?: string }) {
  const { url } = props;
  if (!url) return <span>–</span>;
  return (
    <Tooltip title={url}>
      {/^https?:\/\//.test(url) ? (
        <Link
          to={url}
          target="_blank"
          rel="noopener noreferrer"
          style={urlStyle}
        >
          {url}
        </Link>
      ) : (
        <span style={urlStyle}>{url}</span>
      )}
    </Tooltip>
  );
}

function chartDetail(object: FluxObjectSummary): string | undefined {
  if (object.kind !== 'HelmChart' || !object.chart) return undefined;
  const from = object.sourceRef
    ? ` from ${object.sourceRef.kind ?? 'source'} ${object.sourceRef.name}`
    : '';
  return `${object.chart.name} ${object.chart.version ?? '*'}${from}`;
}

const COLUMNS: CardColumn[] = [
  {
    title: 'Source',
    render: object => (
      <ObjectName
        kind={object.kind}
        namespace={object.namespace}
        name={object.name}
        detail={chartDetail(object)}
      />
    ),
  },
  { title: 'URL', render: object => <SourceUrl url={object.url} /> },
  {
    title: 'Revision',
    render: object => <ObjectRevision object={object} />,
  },
  {
    title: 'Status',
    render: (object, context) => (
      <StatusCell status={object.status} now={context.now} />
    ),
  },
  {
    title: 'Since',
    render: (object, context) => (
      <TimeText iso={object.status.since} now={context.now} />
    ),
  },
];

/**
 * The entity card "Flux sources": the Git, OCI and Helm repositories, Helm charts and buckets
 * the entity's Flux objects read from, with URL, revision and status.
 *
 * @public
 */
export function EntityFluxSourcesCard() {
  return (
    <FluxObjectsCard
      title="Flux sources"
      kinds={FLUX_SOURCE_KINDS}
      kindsLabel="Flux sources"
      columns={COLUMNS}
    />
  );
}
