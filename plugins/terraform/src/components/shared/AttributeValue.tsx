import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import LockIcon from '@material-ui/icons/Lock';
import { SENSITIVE } from '@platform-portal/plugin-terraform-common';

const mono = { fontFamily: 'monospace', fontSize: '0.8rem' } as const;

/** Masked: the backend replaced the value; the chip says so without pretending a value. */
export function SensitiveChip() {
  return (
    <Chip
      size="small"
      icon={<LockIcon />}
      label={SENSITIVE}
      data-sensitive="true"
      style={{ backgroundColor: '#424242', color: '#fff', ...mono }}
    />
  );
}

function Muted(props: { children: string }) {
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      component="span"
      style={{ ...mono, fontStyle: 'italic' }}
    >
      {props.children}
    </Typography>
  );
}

/**
 * One side of an attribute diff. Strings read as Terraform prints them (quoted); lists and
 * objects as JSON; multi-line values (policies, scripts) in a scrolling block.
 */
export function AttributeValue(props: {
  value: unknown;
  /** `(known after apply)`. */
  unknown?: boolean;
  sensitive?: boolean;
  /** What an absent value means on this side: `(none)` before a create, `null` after a removal. */
  absent?: string;
}) {
  const { value, unknown, sensitive, absent = '(none)' } = props;
  if (value === SENSITIVE || (sensitive && value !== undefined)) {
    return <SensitiveChip />;
  }
  if (unknown) return <Muted>(known after apply)</Muted>;
  if (value === undefined) return <Muted>{absent}</Muted>;
  if (value === null) return <Muted>null</Muted>;
  let text: string;
  if (typeof value !== 'string') text = JSON.stringify(value, null, 2);
  else if (value.includes('\n')) text = value;
  else text = JSON.stringify(value);
  if (text.includes('\n')) {
    return (
      <pre
        style={{
          ...mono,
          margin: 0,
          maxHeight: 240,
          overflow: 'auto',
          whiteSpace: 'pre-wrap',
          wordBreak: 'break-all',
        }}
      >
        {text}
      </pre>
    );
  }
  return (
    <span style={{ ...mono, wordBreak: 'break-all' }} data-value>
      {text}
    </span>
  );
}
