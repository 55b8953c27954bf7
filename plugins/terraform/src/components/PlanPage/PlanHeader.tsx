import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import LaunchIcon from '@material-ui/icons/Launch';
import { PlanDocument } from '@platform-portal/plugin-terraform-common';
import { ReactNode } from 'react';
import { absoluteTime, humanBytes, relativeTime } from '../../lib/format';
import {
  BranchOrPullRequest,
  EnvironmentChip,
  RunStatusChip,
  SourceChip,
} from '../shared';

const useStyles = makeStyles(theme => ({
  meta: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    alignItems: 'center',
    margin: theme.spacing(1, 0),
  },
  term: { color: theme.palette.text.secondary },
}));

function Meta(props: { term: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <>
      <Typography variant="body2" component="dt" className={classes.term}>
        {props.term}
      </Typography>
      <Typography variant="body2" component="dd" style={{ margin: 0 }}>
        {props.children}
      </Typography>
    </>
  );
}

function ExternalLink(props: { to: string; children: string }) {
  return (
    <Link to={props.to} target="_blank" rel="noopener noreferrer">
      <Box component="span" display="inline-flex" alignItems="center">
        {props.children}
        <LaunchIcon fontSize="inherit" style={{ marginLeft: 4 }} />
      </Box>
    </Link>
  );
}

/** `Terraform 1.9.5`, `OpenTofu 1.8.0`. */
export function toolLabel(document: PlanDocument): string {
  const tool = document.tool === 'opentofu' ? 'OpenTofu' : 'Terraform';
  return document.terraformVersion
    ? `${tool} ${document.terraformVersion}`
    : tool;
}

/** The plan's title: its environment and its branch or pull request. */
export function planTitle(document: PlanDocument): string {
  const { meta } = document;
  const what = meta.pullRequest
    ? `#${meta.pullRequest.number}${
        meta.pullRequest.title ? ` ${meta.pullRequest.title}` : ''
      }`
    : meta.branch ?? meta.workspace;
  return [meta.environment, what].filter(Boolean).join(' · ') || 'Plan';
}

/** Where the plan came from and how to get to its run or pull request. */
export function PlanHeader(props: { document: PlanDocument }) {
  const { document } = props;
  const { meta } = document;
  const classes = useStyles();
  return (
    <Box>
      <Typography variant="h5" component="h2">
        {`Plan: ${planTitle(document)}`}
      </Typography>
      <dl className={classes.meta}>
        <Meta term="Environment">
          {meta.environment ? (
            <EnvironmentChip environment={meta.environment} />
          ) : (
            '–'
          )}
        </Meta>
        <Meta term="Source">
          <SourceChip plan={meta} />
          {meta.workspace && (
            <span style={{ marginLeft: 8, fontFamily: 'monospace' }}>
              {meta.workspace}
            </span>
          )}
        </Meta>
        <Meta term={meta.pullRequest ? 'Pull request' : 'Branch'}>
          <BranchOrPullRequest plan={meta} />
        </Meta>
        {(meta.run || meta.pullRequest?.url || meta.url) && (
          <Meta term="Run">
            <Box
              display="inline-flex"
              alignItems="center"
              flexWrap="wrap"
              style={{ gap: 12 }}
            >
              <RunStatusChip status={meta.run?.status} />
              {meta.run?.url && (
                <ExternalLink to={meta.run.url}>View run</ExternalLink>
              )}
              {meta.pullRequest?.url && (
                <ExternalLink to={meta.pullRequest.url}>
                  View pull request
                </ExternalLink>
              )}
              {!meta.run?.url && !meta.pullRequest?.url && meta.url && (
                <ExternalLink to={meta.url}>View source</ExternalLink>
              )}
              {meta.run?.commit && (
                <Tooltip title={meta.run.commit}>
                  <span style={{ fontFamily: 'monospace' }}>
                    {meta.run.commit.slice(0, 7)}
                  </span>
                </Tooltip>
              )}
            </Box>
          </Meta>
        )}
        <Meta term="Triggered by">{meta.run?.triggeredBy ?? '–'}</Meta>
        <Meta term="Created">
          <Tooltip title={absoluteTime(meta.createdAt)}>
            <span>{relativeTime(meta.createdAt)}</span>
          </Tooltip>
        </Meta>
        <Meta term="Tool">
          <Tooltip title={`plan format ${document.formatVersion}`}>
            <span>{toolLabel(document)}</span>
          </Tooltip>
        </Meta>
        <Meta term="File size">{humanBytes(document.sizeBytes)}</Meta>
      </dl>
    </Box>
  );
}
