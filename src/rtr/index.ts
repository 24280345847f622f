// Public surface of the RTR layer: RTR file text → ResourceType, or every error with line:column.
export { parseRtr, type RtrResult } from './parse-rtr.js';
export { formatDiagnostic, type RtrDiagnostic } from './diagnostic.js';
export { MAX_API_VERSION } from './rt-attributes.js';
