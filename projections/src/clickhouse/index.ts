export * from './createClickHouse.js';
export * from './migrations.js';
export * from './schema.js';
