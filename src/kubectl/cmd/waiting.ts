// Moved to cluster/state/waiting.ts (node tools wait too); re-exported for the kubectl verbs.
export * from '../../cluster/state/waiting.js';
