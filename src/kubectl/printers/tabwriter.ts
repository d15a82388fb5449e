// Moved to cluster/text/tabwriter.ts (node tools use it too); re-exported for the kubectl printers.
export * from '../../cluster/text/tabwriter.js';
