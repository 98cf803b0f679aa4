export * from './users';
export * from './teams';
export * from './datasets';
export * from './pipelines';
export * from './runs';
export * from './rate-limits';
export * from './workers';
