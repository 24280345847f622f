export { ProcessMonitor } from './process-monitor.js';
export { PmfError } from './types.js';
export type { PmfStartOptions, PmfTagStatus, PmfEvents, PmfErrorCode, ProcessMonitorOptions } from './types.js';
export { ProcessTree } from './process-tree.js';
export { RestartHistory } from './restart-history.js';
export { registerPmfRoutes } from './routes.js';
export type { PmfRouteOptions } from './routes.js';
export { PMF_ROUTES } from './wire.js';
export type { PmfStartRequest, PmfSignalRequest, PmfSignalAnswer, PmfModifyRequest, PmfStatusRequest, PmfStatusAnswer, PmfListAnswer } from './wire.js';
