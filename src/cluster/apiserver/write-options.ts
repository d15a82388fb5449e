// The options of the API server's write calls (create/update/apply/delete): what a request carries besides its
// object. A leaf module of types, so that callers need not import the server to name them.

import type { UserInfo } from '../rbac/types.js';
import type { FieldValidation } from './schema/field-validation.js';

export interface WriteOptions {
  dryRun?: boolean;
  /** a client's request body (kubectl): decoded against the kind's schema first, with this field validation */
  fieldValidation?: FieldValidation;
  /** where the API server's warnings for this request go (`Warning: unknown field ...`) */
  warnings?: string[];
  /** an update that stands for a patch request: the patch as the client sent it (errors quote it) */
  patch?: unknown;
  /** who makes the request (a user's kubectl or HTTP request); controllers' writes carry none */
  user?: UserInfo;
  /** the field manager managedFields record (the request's fieldManager); else the ApiServer's current manager */
  fieldManager?: string;
  /** the subresource the write came through (`scale`; `status` is implied by updateStatus) */
  subresource?: string;
}

export interface ApplyOptions extends WriteOptions {
  fieldManager: string;
  force?: boolean; // force=true: take the conflicting fields from their managers
}

export interface DeleteOptions extends WriteOptions {
  /** Background (default for most kinds), Foreground, Orphan */
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  /** DeleteOptions.gracePeriodSeconds: pods only (undefined = the pod's terminationGracePeriodSeconds) */
  gracePeriodSeconds?: number;
}
