import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import {
  FluxKind,
  FluxObjectSummary,
} from '@platform-portal/plugin-flux-common';
import { plural, repositoryPath } from '../../lib/format';
import { splitImage } from '../../lib/status';
import {
  CardColumn,
  CardContext,
  FluxObjectsCard,
  ObjectName,
  ObjectRevision,
  StatusCell,
  TimeText,
} from '../shared';

const KINDS: FluxKind[] = [
  'ImageRepository',
  'ImagePolicy',
  'ImageUpdateAutomation',
];

const mono = { fontFamily: 'monospace', fontSize: '0.8rem' } as const;

function Detail(props: { object: FluxObjectSummary; context: CardContext }) {
  const { object, context } = props;
  switch (object.kind) {
    case 'ImageRepository': {
      const scan = object.lastScanResult;
      return (
        <Box>
          {object.url && (
            <Tooltip title={object.url}>
              <span style={mono}>{repositoryPath(object.url)}</span>
            </Tooltip>
          )}
          <Typography variant="caption" color="textSecondary" component="div">
            {scan ? plural(scan.tagCount, 'tag') : 'not scanned yet'}
            {scan?.latestTags?.length
              ? ` · latest ${scan.latestTags.slice(0, 3).join(', ')}`
              : ''}
          </Typography>
        </Box>
      );
    }
    case 'ImagePolicy':
      return splitImage(object) ? (
        <ObjectRevision object={object} />
      ) : (
        <Typography variant="caption" color="textSecondary">
          no image selected yet
        </Typography>
      );
    case 'ImageUpdateAutomation':
      return object.lastAppliedRevision ? (
        <ObjectRevision object={object} gitUrl={context.gitUrlOf(object)} />
      ) : (
        <Typography variant="caption" color="textSecondary">
          nothing pushed yet
        </Typography>
      );
    default:
      return null;
  }
}

const COLUMNS: CardColumn[] = [
  {
    title: 'Object',
    render: object => (
      <ObjectName
        kind={object.kind}
        namespace={object.namespace}
        name={object.name}
      />
    ),
  },
  {
    title: 'Image / commit',
    render: (object, context) => <Detail object={object} context={context} />,
  },
  {
    title: 'Status',
    render: (object, context) => (
      <StatusCell status={object.status} now={context.now} />
    ),
  },
  {
    title: 'Last scan / change',
    render: (object, context) => (
      <TimeText
        iso={object.lastScanResult?.scanTime ?? object.status.since}
        now={context.now}
      />
    ),
  },
];

/**
 * The entity card "Flux image automation": which tags Flux sees (ImageRepository), which image
 * it picked (ImagePolicy) and the last commit it pushed (ImageUpdateAutomation).
 *
 * @public
 */
export function EntityFluxImageAutomationCard() {
  return (
    <FluxObjectsCard
      title="Flux image automation"
      kinds={KINDS}
      kindsLabel="image repositories, policies or update automations"
      columns={COLUMNS}
    />
  );
}
