// The parts of a cluster the data path reads and writes (a leaf type, so the topology and rule modules need not
// import the request entry points that import them).

import type { ClusterBase } from '../../state/cluster-base.js';

export type DataplaneCluster = Pick<ClusterBase, 'api' | 'config' | 'rng' | 'clock' | 'data' | 'touched'>;
