import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import CopyIcon from '@material-ui/icons/FileCopyOutlined';
import { useState } from 'react';

/** Copies the full digest (the table shows a short one) for `docker pull repo@sha256:...`. */
export function CopyDigestButton(props: { digest: string }) {
  const { digest } = props;
  const alertApi = useApi(alertApiRef);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      // The async clipboard API needs a secure context (https or localhost).
      await navigator.clipboard.writeText(digest);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch (e) {
      alertApi.post({
        message: `Could not copy the digest (${digest}): ${
          (e as Error).message
        }`,
        severity: 'error',
      });
    }
  };
  return (
    <Tooltip title={copied ? 'Copied' : 'Copy full digest'}>
      <IconButton
        size="small"
        aria-label={`Copy digest ${digest}`}
        onClick={copy}
      >
        <CopyIcon style={{ fontSize: 14 }} />
      </IconButton>
    </Tooltip>
  );
}
