import {
  FluxKind,
  FluxObjectSummary,
} from '@platform-portal/plugin-flux-common';
import { lastReconcile } from '../../lib/status';
import {
  CardColumn,
  FluxObjectsCard,
  ObjectName,
  ObjectRevision,
  StatusCell,
  TimeText,
} from '../shared';

const KINDS: FluxKind[] = ['Kustomization', 'HelmRelease'];

/** The path a Kustomization applies, or the chart (and version range) a HelmRelease asks for. */
function detail(object: FluxObjectSummary): string | undefined {
  if (object.kind === 'Kustomization') return object.path;
  if (!object.chart) return undefined;
  return object.chart.version
    ? `chart ${object.chart.name} ${object.chart.version}`
    : `chart ${object.chart.name}`;
}

const COLUMNS: CardColumn[] = [
  {
    title: 'Object',
    render: object => (
      <ObjectName
        kind={object.kind}
        namespace={object.namespace}
        name={object.name}
        detail={detail(object)}
      />
    ),
  },
  {
    title: 'Status',
    render: (object, context) => (
      <StatusCell status={object.status} now={context.now} />
    ),
  },
  {
    title: 'Revision',
    render: (object, context) => (
      <ObjectRevision object={object} gitUrl={context.gitUrlOf(object)} />
    ),
  },
  {
    title: 'Reconciled',
    render: (object, context) => (
      <TimeText
        iso={lastReconcile(object)}
        now={context.now}
        title="Last status change, handled reconcile request or Helm release"
      />
    ),
  },
];

/**
 * The entity card "Flux deployments": the Kustomizations and HelmReleases that deploy the entity
 * on every cluster, with their status, the revision applied (and attempted, when it differs),
 * the latest Helm release, and Reconcile / Suspend / Resume.
 *
 * @public
 */
export function EntityFluxDeploymentsCard() {
  return (
    <FluxObjectsCard
      title="Flux deployments"
      kinds={KINDS}
      kindsLabel="Kustomizations or HelmReleases"
      columns={COLUMNS}
    />
  );
}
