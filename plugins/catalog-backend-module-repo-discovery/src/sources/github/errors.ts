import { CustomErrorBase } from '@backstage/errors';

/**
 * A GitHub REST API request that failed with an HTTP status the client does not retry (a 4xx
 * other than a rate limit), or that kept failing (5xx) after every retry.
 */
export class GithubApiError extends CustomErrorBase {
  name = 'GithubApiError' as const;
  /** The HTTP status of the last response. */
  readonly statusCode: number;
  /** The URL of the request. */
  readonly url: string;
  /** GitHub's `message` from the error body, when it sent one. */
  readonly githubMessage?: string;
  /** GitHub's `documentation_url` from the error body, when it sent one. */
  readonly documentationUrl?: string;

  constructor(options: {
    method?: string;
    url: string;
    statusCode: number;
    statusText?: string;
    githubMessage?: string;
    documentationUrl?: string;
    attempts?: number;
  }) {
    const status = [options.statusCode, options.statusText]
      .filter(Boolean)
      .join(' ');
    const after =
      options.attempts && options.attempts > 1
        ? ` after ${options.attempts} attempts`
        : '';
    const detail = options.githubMessage ? `: ${options.githubMessage}` : '';
    super(
      `GitHub API ${options.method ?? 'GET'} ${
        options.url
      } failed with ${status}${after}${detail}`,
    );
    this.statusCode = options.statusCode;
    this.url = options.url;
    this.githubMessage = options.githubMessage;
    this.documentationUrl = options.documentationUrl;
  }
}

/**
 * GitHub kept rate-limiting a request: it would have to wait longer than allowed in one go, or
 * it was still limited after every retry. Nothing was hammered: the client waited as GitHub asks.
 */
export class GithubRateLimitError extends CustomErrorBase {
  name = 'GithubRateLimitError' as const;
  /** The URL of the request that was limited. */
  readonly url: string;
  /** How long GitHub asked to wait, in milliseconds, when it said. */
  readonly waitMs?: number;

  constructor(message: string, options: { url: string; waitMs?: number }) {
    super(message);
    this.url = options.url;
    this.waitMs = options.waitMs;
  }
}
