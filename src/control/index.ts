export { Rgm, type RgmOptions } from './rgm.js';
export { onlineTargets, type ReplyBody } from './request-tracker.js';
export { validateChange, type ValidateAnswer } from './validate-change.js';
