export * from './assignment.js';
export * from './change.js';
export * from './problems.js';
export * from './apply.js';
export * from './diff.js';
export * from './references.js';
export { groupSchemas } from './group-schemas.js';
export { deepEqual } from './deep-equal.js';
