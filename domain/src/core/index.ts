export * from './brand.js';
export * from './command.js';
export * from './commandHandler.js';
export * from './decider.js';
export * from './errors.js';
export * from './event.js';
export * from './eventStore.js';
export * from './ports.js';
