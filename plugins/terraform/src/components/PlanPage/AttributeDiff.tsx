import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { AttributeChange } from '@platform-portal/plugin-terraform-common';
import { AttributeValue, COUNT_COLORS } from '../shared';

/** The changed leaves of a resource: path, before → after, and what forces a replacement. */
export function AttributeDiff(props: {
  attributes: AttributeChange[];
  empty?: string;
}) {
  const { attributes, empty = 'No attribute changes.' } = props;
  if (attributes.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {empty}
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="attribute changes">
      <TableHead>
        <TableRow>
          <TableCell>Attribute</TableCell>
          <TableCell>Before</TableCell>
          <TableCell padding="none" />
          <TableCell>After</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {attributes.map(attribute => (
          <TableRow key={attribute.path} data-attribute={attribute.path}>
            <TableCell style={{ verticalAlign: 'top' }}>
              <span style={{ fontFamily: 'monospace', fontSize: '0.8rem' }}>
                {attribute.path}
              </span>
              {attribute.forcesReplacement && (
                <Chip
                  size="small"
                  variant="outlined"
                  label="forces replacement"
                  style={{
                    marginLeft: 8,
                    borderColor: COUNT_COLORS.replace,
                    color: COUNT_COLORS.replace,
                  }}
                />
              )}
            </TableCell>
            <TableCell style={{ verticalAlign: 'top' }} data-side="before">
              <AttributeValue
                value={attribute.before}
                sensitive={attribute.sensitive}
                absent="(none)"
              />
            </TableCell>
            <TableCell
              padding="none"
              aria-hidden
              style={{ verticalAlign: 'top', paddingTop: 6 }}
            >
              →
            </TableCell>
            <TableCell style={{ verticalAlign: 'top' }} data-side="after">
              <AttributeValue
                value={attribute.after}
                unknown={attribute.afterUnknown}
                sensitive={attribute.sensitive}
                absent="(removed)"
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
