import Badge from '@material-ui/core/Badge';
import Tooltip from '@material-ui/core/Tooltip';
import WarningIcon from '@material-ui/icons/Warning';
import Alert from '@material-ui/lab/Alert';
import { Violation } from '@platform-portal/plugin-container-images-common';

/** A warning icon with the number of violations; the messages are in the tooltip. */
export function ViolationsIcon(props: { violations: Violation[] }) {
  const { violations } = props;
  if (violations.length === 0) return null;
  const label = `${violations.length} violation${
    violations.length === 1 ? '' : 's'
  }`;
  return (
    <Tooltip
      title={
        <>
          {violations.map((v, i) => (
            <div key={i}>{v.message}</div>
          ))}
        </>
      }
    >
      <Badge
        badgeContent={violations.length > 1 ? violations.length : 0}
        color="error"
        overlap="rectangular"
        aria-label={label}
        role="img"
      >
        <WarningIcon style={{ color: '#ef6c00' }} fontSize="small" />
      </Badge>
    </Tooltip>
  );
}

/** Violations as warning alerts, one per distinct message; past `max` a count of the rest. */
export function ViolationAlerts(props: {
  violations: Violation[];
  max?: number;
}) {
  const { violations, max = Infinity } = props;
  const distinct = [...new Map(violations.map(v => [v.message, v])).values()];
  const shown = distinct.slice(0, max);
  const rest = distinct.length - shown.length;
  return (
    <>
      {shown.map(v => (
        <Alert
          key={v.message}
          severity="warning"
          style={{ marginTop: 4, marginBottom: 4 }}
          data-violation-kind={v.kind}
        >
          {v.message}
        </Alert>
      ))}
      {rest > 0 && (
        <Alert severity="warning" style={{ marginTop: 4, marginBottom: 4 }}>
          {`${rest} more violation${rest === 1 ? '' : 's'} in the images tab`}
        </Alert>
      )}
    </>
  );
}
