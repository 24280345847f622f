export { Rgm, type RgmOptions } from './rgm.js';
export { onlineTargets, type ReplyBody } from './request-tracker.js';
