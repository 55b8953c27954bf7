import { Link } from '@backstage/core-components';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { shortRevision } from '../../lib/revision';

const mono = {
  fontFamily: 'monospace',
  fontSize: '0.8rem',
  whiteSpace: 'nowrap',
} as const;

/**
 * A revision shortened like `git log --oneline` (`main@sha1:4f2a9c1e…` → `main@4f2a9c1`), the
 * full one in the tooltip, linking to the commit when its URL is known. Chart versions and
 * image references are shown as they are.
 */
export function RevisionText(props: {
  revision?: string;
  commitUrl?: string;
  /** Why this revision is shown, e.g. `attempted` beside an applied one. */
  label?: string;
  color?: string;
}) {
  const { revision, commitUrl, label, color } = props;
  if (!revision) {
    return (
      <Typography variant="body2" color="textSecondary" component="span">
        –
      </Typography>
    );
  }
  const short = shortRevision(revision);
  const text = commitUrl ? (
    <Link
      to={commitUrl}
      target="_blank"
      rel="noopener noreferrer"
      style={{ ...mono, color }}
      data-revision={revision}
    >
      {short}
    </Link>
  ) : (
    <span style={{ ...mono, color }} data-revision={revision}>
      {short}
    </span>
  );
  return (
    <Tooltip title={label ? `${label}: ${revision}` : revision}>
      <span style={{ whiteSpace: 'nowrap' }}>
        {label && (
          <Typography
            variant="caption"
            component="span"
            style={{ color, marginRight: 4 }}
          >
            {label}
          </Typography>
        )}
        {text}
      </span>
    </Tooltip>
  );
}
