/**
 * Why a plan file cannot be read:
 * - `NotJson`: not JSON (garbage, a binary plan file, an HTML error page, UTF-16), with the byte;
 * - `Truncated`: the JSON ends in the middle (a cut download), with the byte and the section;
 * - `UnsupportedFormat`: a `format_version` other than 1.x, or none;
 * - `NotAPlan`: JSON, but not `terraform show -json` of a plan (a state, another document);
 * - `TooLarge`: larger than the configured limit.
 *
 * @public
 */
export type PlanParseErrorCode =
  | 'NotJson'
  | 'Truncated'
  | 'UnsupportedFormat'
  | 'NotAPlan'
  | 'TooLarge';

/**
 * A plan file that cannot be read; the message is meant for people (it names the byte, the
 * section or the version), the code for programs.
 *
 * @public
 */
export class PlanParseError extends Error {
  readonly code: PlanParseErrorCode;

  constructor(code: PlanParseErrorCode, message: string) {
    super(message);
    this.name = 'PlanParseError';
    this.code = code;
  }
}

const CODES: ReadonlySet<string> = new Set<PlanParseErrorCode>([
  'NotJson',
  'Truncated',
  'UnsupportedFormat',
  'NotAPlan',
  'TooLarge',
]);

export function isPlanParseErrorCode(
  code: unknown,
): code is PlanParseErrorCode {
  return typeof code === 'string' && CODES.has(code);
}
