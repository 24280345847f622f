export { serveEndpoint, EndpointError } from './server.js';
export type { Endpoint, EndpointContext, EndpointOptions, RouteHandler, Routes } from './server.js';
export { callEndpoint, EndpointCallError } from './client.js';
export type { CallOptions } from './client.js';
