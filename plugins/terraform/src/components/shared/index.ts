export * from './AttributeValue';
export * from './Chips';
export * from './colors';
export * from './CountsBar';
export * from './NotConfigured';
export * from './usePlans';
export * from './BranchOrPullRequest';
export * from './PlanCountsCell';
