// The errors of the state layer that users see as one line (no stack), kept in a module of their own so the
// top-level guard can recognise them without loading the cluster.

/** A writer that could not get the lock in time; the message is one line naming the holder. */
export class LockTimeoutError extends Error {}

/** A save that did not happen; the message says what failed and that the old state is intact. */
export class SaveError extends Error {}
