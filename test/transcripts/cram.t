cram-style transcript: indented commands and output, [N] for the exit status.

  $ kubectl get ns -o name | sort -r
  namespace/local-path-storage
  namespace/kube-system
  namespace/kube-public
  namespace/kube-node-lease
  namespace/default
  $ kubectl get namespace default
  NAME      STATUS   AGE
  default   Active   10s
  $ kubectl delete namespace nope
  Error from server (NotFound): namespaces "nope" not found
  [1]
