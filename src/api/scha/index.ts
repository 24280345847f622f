// The scha_* API (spec §5): the endpoint routes the scha_* commands and the DSDL call, the
// scha_err_t codes and the output formats. The commands themselves import the light files
// (errors, wire, format) directly, never this index.
export { SCHA_ERRORS, SCHA_ERROR_TEXT, SchaError, isSchaErrorCode, schaExitCode, type SchaErrorCode } from './errors.js';
export { SCHA_ROUTES } from './wire.js';
export type {
  SchaAnswer, SchaControlRequest, SchaControlResult, SchaDescribeRequest, SchaGetRequest, SchaObject, SchaPropertyType,
  SchaScalar, SchaSetStatusRequest, SchaValue,
} from './wire.js';
export { formatSchaValue, schaOutput } from './format.js';
export { schaRoutes, type SchaRouteContext, type SchaRoutes } from './routes.js';
export { CONTROL_TAGS, parseStatus, type SchaStatusReport } from './control.js';
export type { SchaDescription } from './describe.js';
export { SYSLOG_FACILITY } from './cluster-get.js';
