export { registerWebRoutes } from './routes.js';
export { renderStatusPage } from './status-page.js';
export { renderMetrics } from './metrics.js';
