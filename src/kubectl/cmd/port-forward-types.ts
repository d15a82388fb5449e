// The plan port-forward makes before it listens: a leaf module, so that the verb (port-forward.ts) and the
// listener (port-forward-listen.ts) both import it and not each other.

export interface ForwardedPort {
  local: number;
  remote: number;
}

export interface ListenAddress {
  address: string;
  protocol: 'tcp4' | 'tcp6';
  /** localhost's two addresses fail only together ("all"); an explicit address fails alone ("any") */
  failureMode: 'all' | 'any';
}

export interface ForwardPlan {
  namespace: string;
  pod: string;
  /** the pod's uid: the session is bound to this pod, not to a later one of the same name */
  uid: string;
  addresses: ListenAddress[];
  ports: ForwardedPort[];
}
