import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { OutputChange } from '@platform-portal/plugin-terraform-common';
import { ActionChip, AttributeValue } from '../shared';

/** The plan's output changes; sensitive outputs are masked on both sides. */
export function OutputsTable(props: { outputs: OutputChange[] }) {
  const { outputs } = props;
  if (outputs.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        The plan changes no outputs.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="outputs">
      <TableHead>
        <TableRow>
          <TableCell>Output</TableCell>
          <TableCell>Action</TableCell>
          <TableCell>Before</TableCell>
          <TableCell padding="none" />
          <TableCell>After</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {outputs.map(output => (
          <TableRow key={output.name} data-output={output.name}>
            <TableCell style={{ fontFamily: 'monospace' }}>
              {output.name}
            </TableCell>
            <TableCell>
              <ActionChip action={output.action} />
            </TableCell>
            <TableCell data-side="before">
              <AttributeValue
                value={output.before}
                sensitive={output.sensitive}
                absent="(none)"
              />
            </TableCell>
            <TableCell padding="none" aria-hidden>
              →
            </TableCell>
            <TableCell data-side="after">
              <AttributeValue
                value={output.after}
                unknown={output.afterUnknown}
                sensitive={output.sensitive}
                absent="(removed)"
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
