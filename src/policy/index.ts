// The policy layer's public surface: the RGM's pure placement and recovery core.
export type { Action, Decision, DecideInput, Reason, RecoveryEffect, SchaError } from './actions.js';
export { actionId, actionNumber } from './actions.js';
export type { AdminRequest, Execution, PolicyEvent } from './events.js';
export { DEFAULT_EVACUATE_MS } from './events.js';
export { decide } from './decide.js';
export { reduce } from './reduce.js';
export { checkEvent } from './check-event.js';
export { deriveGroupStates, deriveView, rmsState, type ClusterView, type ResourceTargetView } from './view.js';
export { simulate, type SimulateOptions, type SimulationResult, type SimStep, type TranscriptEntry, type MethodOutcome } from './simulate.js';
export { parseWhatIf, WHAT_IF_PHRASES } from './what-if.js';
export { formatAction, formatReason, formatTranscript } from './format.js';
export { parseDependencyEntry, type DependencyEntry, type DependencyFlavour, type DependencyScope } from './dependency-entry.js';
export { parseAffinityEntry, type AffinityEntry, type AffinityKind } from './affinity-entry.js';
