export * from './TagChip';
export * from './Severity';
export * from './Violations';
export * from './NotConfigured';
export * from './CopyDigestButton';
export * from './useEntityImages';
