// The per-kind registry contract (pkg/registry/*/strategy.go in miniature): defaulting, validation and
// side effects (allocators) the API server runs around each write. One Strategy per resource key.

import type { ClusterConfig } from '../../state/config.js';
import type { Clock } from '../../state/clock.js';
import type { Rng } from '../../state/rng.js';
import type { FieldCause } from '../errors.js';
import type { ObjectStore } from '../store.js';
import type { KubeObject } from '../types.js';
import type { UserInfo } from '../../rbac/types.js';

export interface RegistryContext {
  config: ClusterConfig;
  clock: Clock;
  rng: Rng;
  /** read-only use: look at other objects (e.g. allocated ClusterIPs of existing Services) */
  store: ObjectStore;
  /** true for `--dry-run=server`: validate and default, but allocate nothing permanently */
  dryRun: boolean;
  /** on create: the name as the request gave it, else its generateName (what admission errors name) */
  requestName?: string;
  /** who makes the request (a CertificateSigningRequest records it), when the caller is a user */
  user?: UserInfo;
}

export interface Strategy {
  /** Fill API defaults (pkg/apis/.../defaults.go) on a create. Runs before validate. */
  defaults?(obj: KubeObject, ctx: RegistryContext): void;
  /**
   * Mutating admission on a create (ServiceAccount, Priority, DefaultTolerationSeconds, LimitRanger), after the
   * defaults and after managedFields are recorded, as the API server's create handler orders them: what admission
   * adds belongs to no field manager. Runs before validate.
   */
  admit?(obj: KubeObject, ctx: RegistryContext): void;
  /** Field errors for a new object (empty = valid). */
  validate?(obj: KubeObject, ctx: RegistryContext): FieldCause[];
  /** Defaults for an update; `old` is the stored object. */
  defaultsUpdate?(obj: KubeObject, old: KubeObject, ctx: RegistryContext): void;
  /** Field errors for an update (immutable fields etc.). */
  validateUpdate?(obj: KubeObject, old: KubeObject, ctx: RegistryContext): FieldCause[];
  /**
   * Allocation after validation passed (ClusterIPs, NodePorts, health-check ports). Throws a StatusError
   * (e.g. `provided IP is already allocated`) to reject the write; nothing is stored then.
   */
  allocate?(obj: KubeObject, old: KubeObject | undefined, ctx: RegistryContext): void;
  /** Whether `metadata.generation` bumps on this update (spec changed). Default: spec changed. */
  generationChanged?(obj: KubeObject, old: KubeObject): boolean;
  /** A /status (or /approval) write, after the new status is in place (e.g. condition timestamps). */
  statusUpdate?(obj: KubeObject, old: KubeObject, ctx: RegistryContext): void;
  /** Status set by the registry at create (e.g. Namespace phase Active). */
  initialStatus?(obj: KubeObject, ctx: RegistryContext): void;
}
