import {
  ScanSummary,
  Severity,
  TagClass,
} from '@platform-portal/plugin-container-images-common';

/** The severities drawn in bars and chips, worst first; informational ones are not a risk. */
export const BAR_SEVERITIES: Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];

/** Colours by severity, the usual red → yellow scale of scanners. */
export const SEVERITY_COLORS: Record<Severity, string> = {
  CRITICAL: '#b71c1c',
  HIGH: '#e65100',
  MEDIUM: '#f9a825',
  LOW: '#1976d2',
  INFORMATIONAL: '#757575',
  UNDEFINED: '#9e9e9e',
};

/** Text colour readable on the severity colour. */
export const SEVERITY_TEXT: Record<Severity, string> = {
  CRITICAL: '#fff',
  HIGH: '#fff',
  MEDIUM: '#000',
  LOW: '#fff',
  INFORMATIONAL: '#fff',
  UNDEFINED: '#000',
};

export const TAG_CLASS_COLORS: Record<TagClass, string> = {
  stable: '#2e7d32',
  snapshot: '#6a1b9a',
  moving: '#00838f',
  other: '#616161',
};

export const TAG_CLASSES: TagClass[] = [
  'stable',
  'snapshot',
  'moving',
  'other',
];

export function totalFindings(scan?: ScanSummary): number {
  return Object.values(scan?.findingCounts ?? {}).reduce(
    (sum, n) => sum + (n ?? 0),
    0,
  );
}
