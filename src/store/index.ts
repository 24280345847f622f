export * from './store.js';
export type { EmbeddedStore } from './embedded/embedded-store.js';
export type { EmbeddedStoreOptions, MemoryStoreOptions, StoreLogger } from './embedded/options.js';
export { openEmbeddedStore, openMemoryStore } from './embedded/open.js';
export { StoreCorruptError, StoreLockedError } from './embedded/errors.js';
export * from './etcd/index.js';
