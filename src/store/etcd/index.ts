export { openEtcdStore } from './etcd-store.js';
export type { EtcdStore } from './etcd-store.js';
export type { EtcdStoreLogger, EtcdStoreOptions } from './options.js';
export { DEFAULT_CALL_TIMEOUT_MS, DEFAULT_KEEPALIVE_MS, DEFAULT_KEEPALIVE_TIMEOUT_MS } from './options.js';
export { EtcdError } from './errors.js';
